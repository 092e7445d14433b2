package app.todo.platform.http;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Every response carries {@code X-Request-Id} (the caller's when it is a sane value, else a new
 * one). While the request runs, the id is part of the thread's name, which Payara writes into every
 * log line ({@code _ThreadName=...}), so each line of a request carries it without a logging
 * framework. For /api it then writes one access-log line (method, route template, status,
 * duration, user id; never a token) and counts the request by route and status. Mapped in web.xml.
 */
public class RequestLogFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger ACCESS = Logger.getLogger("app.todo.access");
    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Inject
    MetricRegistry registry;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String offered = request.getHeader(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        response.setHeader(HEADER, id);

        Thread thread = Thread.currentThread();
        String threadName = thread.getName();
        thread.setName(threadName + " request=" + id);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            thread.setName(threadName);
            if (TodoApplication.PATH.equals(request.getServletPath())) {
                record(request, response.getStatus(), System.nanoTime() - start, id);
            }
        }
    }

    private void record(HttpServletRequest request, int status, long nanos, String id) {
        Object template = request.getAttribute(RouteRecorder.ATTRIBUTE);
        String route = template != null ? template.toString() : "unmatched";
        Principal caller = request.getUserPrincipal();
        ACCESS.log(Level.INFO, "{0} {1} {2} {3}ms user={4} request={5}", new Object[] {request.getMethod(), route,
                String.valueOf(status), String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6),
                caller != null ? caller.getName() : "-", id});
        registry.counter("todo_http_requests", new Tag("method", request.getMethod()), new Tag("route", route),
                new Tag("status", String.valueOf(status))).inc();
        registry.timer("todo_http_request_duration", new Tag("route", route)).update(Duration.ofNanos(nanos));
    }
}
