package app.todo.platform.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import app.todo.platform.problem.Problem;

/**
 * CORS for /api (docs/api.md#cors), mapped twice in web.xml. As {@code cors}, after the request id, refusing nothing:
 * for an {@code Origin} of {@code TODO_CORS_ORIGINS} (comma separated, exact origins) the allow-origin and expose
 * headers, so a browser can read every refusal, and {@code Vary: Origin} on every answer once any origin is
 * configured. As {@code preflight} (init-param {@code preflight=true}), after the Host rule and before the drain and
 * authentication: a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is 204
 * with the allowed methods and headers for an allowed origin, else 403 problem+json, without a token.
 */
public class CorsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    static final String EXPOSED_HEADERS = "ETag, Location, Link, WWW-Authenticate, Retry-After, X-Request-Id";
    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id";
    /** Access-Control-Max-Age, seconds (Chromium caps it at 7200). */
    static final String MAX_AGE = "600";
    private static final Problem.Fixed REFUSAL = new Problem(403, "This origin may not call the API.").fixed();

    @Inject
    @ConfigProperty(name = "todo.cors.origins", defaultValue = " ")
    String configuredOrigins;

    private Set<String> origins;
    private boolean preflight;

    @Override
    public void init() {
        origins = origins(configuredOrigins);
        preflight = Boolean.parseBoolean(getInitParameter("preflight"));
    }

    /** {@code TODO_CORS_ORIGINS} as a set of origins, without blanks or trailing slashes. */
    static Set<String> origins(String configured) {
        return Arrays.stream(configured.split(","))
                .map(String::strip)
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                .filter(o -> !o.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (!preflight) {
            if (!origins.isEmpty()) {
                response.addHeader("Vary", "Origin");
                if (origin != null && origins.contains(origin)) {
                    response.setHeader("Access-Control-Allow-Origin", origin);
                    response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
                }
            }
            chain.doFilter(request, response);
        } else if (!"OPTIONS".equals(request.getMethod()) || origin == null
                || request.getHeader("Access-Control-Request-Method") == null) {
            chain.doFilter(request, response);
        } else if (!origins.contains(origin)) {
            REFUSAL.writeTo(response);
        } else {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", MAX_AGE);
        }
    }
}
