package app.todo.platform.http;

import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import app.todo.platform.metrics.Metrics;
import app.todo.platform.logging.Logs;
import app.todo.platform.problem.Problem;

/**
 * Refuses every request (mapped to /* in web.xml, first after the request id and CORS headers) in which one of
 * {@link #FIELDS} is sent more than once or as one comma-joined list: 400 problem+json whose {@code detail} names the
 * field; for {@code Authorization} also {@code WWW-Authenticate: Bearer realm="todo-api", error="invalid_request"}
 * (RFC 6750 §3.1, no token is verified). Over HTTP/1.x the connection is closed after the answer (the body's end is
 * not known, RFC 9112 §6.3, §9.6). The reason (field and count, never a value) is logged and counted in
 * {@code todo_http_refused_headers_total{header}}. Sources: {@code Host} RFC 9112 §3.2; {@code Authorization} one
 * credential (RFC 9110 §11.6.2), a Bearer b64token has no comma (RFC 6750 §2.1); {@code Content-Length} RFC 9110 §8.6,
 * RFC 9112 §6.3; {@code Content-Type} one media type (RFC 9110 §8.3; a comma inside a quoted parameter is no list).
 * Not singletons: {@code If-Match}/{@code If-None-Match} (list fields, RFC 9110 §13.1), {@code X-Request-Id} (a
 * label; a proxy may add a line), {@code Origin} (browsers never repeat it, RFC 6454 §7.3).
 */
public class SingletonHeaderFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(SingletonHeaderFilter.class);

    /** The singleton fields, in the order they are checked. */
    public static final List<String> FIELDS = List.of("Host", "Authorization", "Content-Length", "Content-Type");
    static final String INVALID_REQUEST_CHALLENGE = BearerChallenge.withError("invalid_request");

    /** A field that broke the rule: sent {@code lines} times, or once holding a list ({@code lines == 1}). */
    public record Violation(String field, int lines) {

        /** The fixed text for the client: names the field, never a value. */
        public String detail() {
            return lines > 1
                    ? "The " + field + " header was sent more than once; send it once."
                    : "The " + field + " header holds more than one value; send one.";
        }

        /** For the log: how many lines, never the values (one may be a token). */
        public String reason() {
            return lines > 1 ? field + " sent " + lines + " times" : field + " holds a list";
        }
    }

    @Inject
    Metrics metrics;

    private final transient Map<String, Counter> refused = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<Violation> found = check(request::getHeaders);
        if (found.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Violation violation = found.get();
        LOG.log(Level.INFO, "400 {0} {1}: {2}",
                new Object[] {request.getMethod(), request.getRequestURI(), violation.reason()});
        refused.computeIfAbsent(violation.field(),
                field -> metrics.registry().counter("todo_http_refused_headers", "header", field)).increment();
        if ("Authorization".equals(violation.field())) {
            response.setHeader("WWW-Authenticate", INVALID_REQUEST_CHALLENGE);
        }
        if (request.getProtocol().startsWith("HTTP/1.")) {
            response.setHeader("Connection", "close");
        }
        new Problem(400, violation.detail()).writeTo(response);
    }

    /**
     * The first of {@link #FIELDS} that is repeated or holds a list, or empty.
     *
     * @param headers a field name to all its lines, like {@code HttpServletRequest::getHeaders} (null or empty when
     *                absent)
     */
    static Optional<Violation> check(Function<String, Enumeration<String>> headers) {
        for (String field : FIELDS) {
            Enumeration<String> lines = headers.apply(field);
            if (lines == null || !lines.hasMoreElements()) {
                continue;
            }
            String first = lines.nextElement();
            int count = 1;
            for (; lines.hasMoreElements(); lines.nextElement()) {
                count++;
            }
            if (count > 1 || holdsList(field, first)) {
                return Optional.of(new Violation(field, count));
            }
        }
        return Optional.empty();
    }

    /** Whether one line is a comma-joined list (for Content-Type, a comma outside its quoted strings). */
    static boolean holdsList(String field, String value) {
        if (value.indexOf(',') < 0 || !"Content-Type".equals(field)) {
            return value.indexOf(',') >= 0;
        }
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return true;
            }
        }
        return false;
    }
}
