package app.todo.platform.http;

import java.io.IOException;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import app.todo.platform.problem.Problem;

/**
 * Answers a CORS preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) under /api,
 * without a token (mapped in web.xml after the singleton-header and Host rules, before the drain and authentication):
 * from an origin in {@code TODO_CORS_ORIGINS}, 204 with the allowed methods and headers, good for {@link #MAX_AGE}
 * seconds; from any other origin, 403 problem+json. Any other request passes on. {@link CorsFilter} has already put
 * the answer's allow-origin and {@code Vary} headers on.
 */
public class PreflightFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id";
    /** Access-Control-Max-Age: seconds a browser may reuse a preflight answer (Chromium caps it at 7200). */
    static final String MAX_AGE = "600";
    private static final Problem.Fixed REFUSAL = new Problem(403, "This origin may not call the API.").fixed();

    @Inject
    @ConfigProperty(name = "todo.cors.origins", defaultValue = " ")
    String configuredOrigins;

    private Set<String> origins;

    @Override
    public void init() {
        origins = CorsFilter.origins(configuredOrigins);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin;
        if (!"OPTIONS".equals(request.getMethod()) || (origin = request.getHeader("Origin")) == null
                || request.getHeader("Access-Control-Request-Method") == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!origins.contains(origin)) {
            REFUSAL.writeTo(response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", MAX_AGE);
    }
}
