package app.todo.platform.http;

import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.todo.platform.metrics.Metrics;
import app.todo.platform.logging.Logs;
import app.todo.platform.problem.Problem;

/**
 * Refuses every request (mapped to /* in web.xml, first after the request id and CORS headers, so the answer carries
 * both and nothing else has looked at the request yet) whose singleton header fields break {@link SingletonHeaders}:
 * 400 {@code application/problem+json} whose {@code detail} names the field. For {@code Authorization} the answer
 * also carries {@code WWW-Authenticate: Bearer realm="todo-api", error="invalid_request"} (RFC 6750 §3.1); no token
 * is verified. Over HTTP/1.x the connection is closed after the answer: the body of such a request is not read, and
 * with a doubtful {@code Content-Length} its end is not known (RFC 9112 §6.3, §9.6). The reason is logged (field and
 * count, never a value) and counted in {@code todo_http_refused_headers_total{header}}.
 */
public class SingletonHeaderFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(SingletonHeaderFilter.class);

    /** RFC 6750 §3.1; the realm is the bearer gate's. */
    static final String INVALID_REQUEST_CHALLENGE = BearerChallenge.withError("invalid_request");

    @Inject
    Metrics metrics;

    /** One counter per field of {@link SingletonHeaders#FIELDS}, looked up in the registry once. */
    private final transient java.util.Map<String, io.micrometer.core.instrument.Counter> refused =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<SingletonHeaders.Violation> violation = SingletonHeaders.check(request::getHeaders);
        if (violation.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        refuse(request, response, violation.get());
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, SingletonHeaders.Violation violation)
            throws IOException {
        LOG.log(Level.INFO, "400 {0} {1}: {2}",
                new Object[] {request.getMethod(), request.getRequestURI(), violation.reason()});
        refused.computeIfAbsent(violation.field(),
                field -> metrics.registry().counter("todo_http_refused_headers", "header", field)).increment();

        response.setHeader("Cache-Control", "no-store");
        if ("Authorization".equals(violation.field())) {
            response.setHeader("WWW-Authenticate", INVALID_REQUEST_CHALLENGE);
        }
        if (request.getProtocol().startsWith("HTTP/1.")) {
            response.setHeader("Connection", "close");
        }
        new Problem(400, violation.detail()).writeTo(response);
    }
}
