package app.todo.platform.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import app.todo.platform.database.DatabaseFailures;
import app.todo.platform.logging.Logs;
import app.todo.platform.problem.Problem;
import app.todo.platform.problem.ProblemException;

/**
 * Turns every exception that leaves a resource into a problem+json answer: no HTML page, no stack
 * trace, class name or SQL in a body. Unexpected failures are logged with an incident id that the
 * body repeats, so a user's report can be found in the log.
 */
public final class ProblemMappers {

    private static final Logger LOG = Logs.logger(ProblemMappers.class);

    /** Headers of a JAX-RS error response that the client still needs. */
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE,
            HttpHeaders.RETRY_AFTER, HttpHeaders.ETAG);

    /** The detail of a write whose commit outcome is unknown (docs/api.md: re-read before retrying). */
    public static final String COMMIT_UNKNOWN = "The database became unavailable while the change was being saved; "
            + "it may or may not have been saved. Read the resource before retrying.";

    private ProblemMappers() {
    }

    /**
     * A {@link ProblemException} as it says. A 408 or 413 leaves a body partly unread: over HTTP/1.x the answer
     * closes the connection (RFC 9110 §15.5.9, RFC 9112 §9.6), so nothing waits for the rest of it.
     */
    @Provider
    public static class ForProblem implements ExceptionMapper<ProblemException> {
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(ProblemException e) {
            Response.ResponseBuilder answer = e.problem().toResponse();
            int status = e.problem().status();
            if ((status == 408 || status == 413) && request != null && request.getProtocol().startsWith("HTTP/1.")) {
                answer.header("Connection", "close");
            }
            return answer.build();
        }
    }

    @Provider
    public static class ForWebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original.getStatus();
            if (status >= 500) {
                return unexpected(e);
            }
            Response.ResponseBuilder answer = new Problem(status, Problem.defaultDetail(status)).toResponse();
            for (String header : KEPT_HEADERS) {
                String value = original.getHeaderString(header);
                if (value != null) {
                    answer.header(header, HttpHeaders.ALLOW.equals(header) ? allowed(value) : value);
                }
            }
            if (status == 401 && original.getHeaderString(HttpHeaders.WWW_AUTHENTICATE) == null) {
                answer.header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.plain());
            }
            return answer.build();
        }
    }

    @Provider
    public static class ForAnythingElse implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return map(e);
        }

        static Response map(Throwable e) {
            if (isUnreadableJson(e)) {
                return new Problem(400, "The request body is not valid JSON of the expected shape.").toResponse().build();
            }
            if (DatabaseFailures.isCommitOutcomeUnknown(e)) {
                LOG.log(Level.WARNING, "503: database unavailable during commit, outcome unknown: {0}",
                        DatabaseFailures.summary(e));
                return new Problem(503, COMMIT_UNKNOWN).toResponse().header(HttpHeaders.RETRY_AFTER, "5").build();
            }
            if (DatabaseFailures.isUnavailable(e)) {
                LOG.log(Level.WARNING, "503: database unavailable: {0}", DatabaseFailures.summary(e));
                return new Problem(503, "The database is unavailable; try again shortly.").toResponse()
                        .header(HttpHeaders.RETRY_AFTER, "5").build();
            }
            return unexpected(e);
        }
    }

    /** The order in which {@link #allowed} lists methods: RFC 9110 §9's, then PATCH (RFC 5789). */
    private static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");

    /**
     * The methods a route serves, from the {@code Allow} of the JAX-RS runtime's 405: without OPTIONS (answered
     * only as a CORS preflight, see {@link OptionsNotServed}), with HEAD wherever GET is (JAX-RS serves HEAD for
     * every GET, RFC 9110 §9.3.2; Jersey leaves it out of this header, RESTEasy names it), in one fixed order
     * (Jersey and RESTEasy list them differently): GET, HEAD, POST, PUT, DELETE, PATCH, then any other in the
     * runtime's order. E.g. {@code "GET, OPTIONS"} and {@code "OPTIONS, HEAD, GET"} → {@code "GET, HEAD"}.
     */
    static String allowed(String runtimeAllow) {
        Set<String> methods = new LinkedHashSet<>();
        for (String method : runtimeAllow.split(",")) {
            String m = method.strip();
            if (!m.isEmpty() && !m.equals("OPTIONS") && !m.equals(OptionsNotServed.NOT_SERVED)) {
                methods.add(m);
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        List<String> ordered = new ArrayList<>(methods);
        ordered.sort(java.util.Comparator.comparingInt(m -> METHOD_ORDER.contains(m) ? METHOD_ORDER.indexOf(m)
                : METHOD_ORDER.size()));
        return String.join(", ", ordered);
    }

    private static boolean isUnreadableJson(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof JsonException) {
                return true;
            }
        }
        return false;
    }

    static Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, e);
        return new Problem(500, "An unexpected error occurred (incident " + incident + ").").toResponse().build();
    }
}
