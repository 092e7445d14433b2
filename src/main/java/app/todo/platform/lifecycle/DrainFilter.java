package app.todo.platform.lifecycle;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.todo.platform.problem.Problem;

/**
 * Counts {@code /api} requests in flight for {@link Drain}; once the node is shutting down, answers every new one
 * 503 problem+json with {@code Retry-After: 1} and {@code Connection: close} (the client, or the load balancer for
 * idempotent requests, tries another node). Mapped in web.xml after the request id, the CORS headers and the header
 * rules and preflight, before the media-type rule and authentication: a draining node checks no token.
 */
public class DrainFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    /** The fixed text of the refusal. */
    static final String DETAIL = "The service is restarting; try again shortly.";
    private static final Problem.Fixed REFUSAL = new Problem(503, DETAIL).fixed();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!Drain.enter()) {
            refuse(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            Drain.leave();
        }
    }

    static void refuse(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "1");
        response.setHeader("Connection", "close");
        REFUSAL.writeTo(response);
    }
}
