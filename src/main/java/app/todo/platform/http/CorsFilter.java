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

/**
 * The CORS headers of every /api answer, refusals included (mapped to {@code /api/*} in web.xml right after the request
 * id, so a browser can read a 400, 401 or 503 and tell it from a network failure): for an {@code Origin} in
 * {@code TODO_CORS_ORIGINS} (comma separated, exact scheme://host[:port]) the allow-origin and expose headers, for
 * any other origin none. When any origin is configured, every /api answer carries {@code Vary: Origin} (with or
 * without an {@code Origin} in the request, so a cache never serves an answer without CORS headers to a page that
 * needs them). Refuses nothing: a preflight is answered by {@link PreflightFilter}, later in the order. The headers
 * are listed in docs/api.md#cors.
 */
public class CorsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    static final String EXPOSED_HEADERS = "ETag, Location, Link, WWW-Authenticate, Retry-After, X-Request-Id";

    @Inject
    @ConfigProperty(name = "todo.cors.origins", defaultValue = " ")
    String configuredOrigins;

    private Set<String> origins;

    @Override
    public void init() {
        origins = origins(configuredOrigins);
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
        if (!origins.isEmpty()) {
            response.addHeader("Vary", "Origin");
            String origin = request.getHeader("Origin");
            if (origin != null && origins.contains(origin)) {
                response.setHeader("Access-Control-Allow-Origin", origin);
                response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            }
        }
        chain.doFilter(request, response);
    }
}
