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
 * CORS for the frontend origins in {@code TODO_CORS_ORIGINS} (comma separated, exact
 * scheme://host[:port]). A preflight from one of them is answered here, without a token; a preflight
 * from any other origin is refused with 403; an actual request from an allowed origin gets the
 * allow-origin and expose headers, from any other origin none. A preflight that breaks the
 * {@link SingletonHeaders} rule is not answered here but passed on to {@link SingletonHeaderFilter}
 * (400). When any origin is configured, every /api answer carries {@code Vary: Origin} (with or without an
 * {@code Origin} in the request, so a cache never serves an answer without CORS headers to a page that needs them).
 * A preflight is good for {@link #MAX_AGE} seconds. Mapped in web.xml; the headers are listed in docs/api.md#cors.
 */
public class CorsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id";
    static final String EXPOSED_HEADERS = "ETag, Location, Link, WWW-Authenticate, Retry-After, X-Request-Id";
    /** Access-Control-Max-Age: seconds a browser may reuse a preflight answer (Chromium caps it at 7200). */
    static final String MAX_AGE = "600";

    @Inject
    @ConfigProperty(name = "todo.cors.origins", defaultValue = " ")
    String configuredOrigins;

    private Set<String> origins;

    @Override
    public void init() {
        origins = Arrays.stream(configuredOrigins.split(","))
                .map(String::strip)
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                .filter(o -> !o.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (!origins.isEmpty()) {
            response.addHeader("Vary", "Origin");
        }
        if (origin == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean allowed = origins.contains(origin);
        boolean preflight = "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight && SingletonHeaders.check(request::getHeaders).isPresent()) {
            // not answered as a preflight: the SingletonHeaderFilter after this one refuses it with 400
            chain.doFilter(request, response);
            return;
        }
        if (preflight) {
            if (!allowed) {
                new Problem(403, "This origin may not call the API.").writeTo(response);
                return;
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", MAX_AGE);
            return;
        }
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        chain.doFilter(request, response);
    }
}
