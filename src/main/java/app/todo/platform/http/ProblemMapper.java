package app.todo.platform.http;

import java.util.ArrayList;
import java.util.Comparator;
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
 * Every exception that leaves JAX-RS as problem+json, never HTML, a stack trace, a class name or SQL:
 * {@link ProblemException} as it says (a 408 or 413 over HTTP/1.x with {@code Connection: close}, RFC 9112 §9.6, as
 * its body is partly unread); the runtime's own 4xx with its fixed detail and the headers a client needs
 * ({@code Allow} as {@link #allowed}); unreadable JSON a 400; a database outage a 503 with {@code Retry-After: 5};
 * anything else a 500 naming an incident id that the log repeats with the stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logs.logger(ProblemMapper.class);
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE,
            HttpHeaders.RETRY_AFTER, HttpHeaders.ETAG);
    /** The order of {@link #allowed}: RFC 9110 §9's, then PATCH (RFC 5789). */
    private static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");

    /** The detail of a write whose commit outcome is unknown (docs/api.md: re-read before retrying). */
    public static final String COMMIT_UNKNOWN = "The database became unavailable while the change was being saved; "
            + "it may or may not have been saved. Read the resource before retrying.";

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ProblemException problem) {
            Response.ResponseBuilder answer = problem.problem().toResponse();
            int status = problem.problem().status();
            if ((status == 408 || status == 413) && request != null && request.getProtocol().startsWith("HTTP/1.")) {
                answer.header("Connection", "close");
            }
            return answer.build();
        }
        if (e instanceof WebApplicationException runtime && runtime.getResponse().getStatus() < 500) {
            Response original = runtime.getResponse();
            int status = original.getStatus();
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
        if (!(e instanceof WebApplicationException)) {   // the runtime's 5xx: an incident
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof JsonbException || t instanceof JsonException) {
                    return new Problem(400, "The request body is not valid JSON of the expected shape.").toResponse()
                            .build();
                }
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
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, e);
        return new Problem(500, "An unexpected error occurred (incident " + incident + ").").toResponse().build();
    }

    /**
     * The methods a route serves, from the {@code Allow} of the runtime's 405: without OPTIONS (only a CORS
     * preflight, {@link OptionsNotServed}), with HEAD wherever GET is (RFC 9110 §9.3.2; Jersey leaves it out), in one
     * order (the runtimes' differ): GET, HEAD, POST, PUT, DELETE, PATCH, then others in the runtime's order.
     * E.g. {@code "GET, OPTIONS"} and {@code "OPTIONS, HEAD, GET"} → {@code "GET, HEAD"}.
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
        ordered.sort(Comparator.comparingInt(m -> METHOD_ORDER.contains(m) ? METHOD_ORDER.indexOf(m)
                : METHOD_ORDER.size()));
        return String.join(", ", ordered);
    }
}
