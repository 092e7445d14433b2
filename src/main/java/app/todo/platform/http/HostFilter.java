package app.todo.platform.http;

import app.todo.platform.logging.Logs;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.ConfigProvider;
import app.todo.platform.problem.Problem;

/**
 * Which host the absolute URLs of an answer ({@code Location}, {@code Link}) name (mapped to /* after the
 * singleton-header rule): {@code TODO_PUBLIC_URL}'s origin when set, whatever the Host says; else the request's
 * {@code Host}, which must be a valid authority without userinfo ({@link #isValidHost}, RFC 9112 §3.2, RFC 3986 §3.2),
 * or the answer is a 400 problem+json with {@code Connection: close}. {@code X-Forwarded-Host} and {@code Forwarded}
 * are never read, by this service or (as configured) the servers.
 */
public class HostFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(HostFilter.class);
    private static final int MAX_NAME = 253;

    /** The configured public origin, without a trailing slash; null when none. */
    private String publicOrigin;
    private String publicScheme;
    private String publicHost;
    private int publicPort;

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        Optional<String> configured = ConfigProvider.getConfig().getOptionalValue("todo.public.url", String.class)
                .map(String::strip).filter(s -> !s.isEmpty());
        if (configured.isEmpty()) {
            return;
        }
        URI origin = publicOrigin(configured.get());
        publicScheme = origin.getScheme();
        publicHost = origin.getHost();
        publicPort = origin.getPort() >= 0 ? origin.getPort() : "https".equals(publicScheme) ? 443 : 80;
        publicOrigin = publicScheme + "://" + origin.getRawAuthority();
    }

    /**
     * {@code TODO_PUBLIC_URL} as an origin.
     *
     * @throws IllegalArgumentException not an http(s) URL of a host and optional port, with at most a "/" path
     */
    static URI publicOrigin(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("TODO_PUBLIC_URL is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || !isValidHost(uri.getRawAuthority())) {
            throw new IllegalArgumentException(
                    "TODO_PUBLIC_URL must be an origin such as https://todo.example.com (no path, user or query)");
        }
        return uri;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        if (publicOrigin != null) {
            chain.doFilter(new PublicOriginRequest(request), response);
        } else if (host != null && !isValidHost(host)) {
            LOG.log(Level.FINE, "400 {0} {1}: invalid Host", new Object[] {request.getMethod(), request.getRequestURI()});
            if (request.getProtocol().startsWith("HTTP/1.")) {
                response.setHeader("Connection", "close");
            }
            new Problem(400, "The Host header is not a valid host name and port.").writeTo(response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /**
     * Whether a Host value is {@code host [ ":" port ]}: a name or IPv4 address of {@code [A-Za-z0-9._~-]} (1 to 253
     * characters) or a bracketed IPv6 literal (hex digits, colons, dots), and a port of 0 to 5 digits up to 65535.
     * {@code [::1]:80} is valid; {@code user@evil.example}, {@code evil.example/x}, {@code a\b}, {@code ""} are not.
     */
    public static boolean isValidHost(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_NAME + 8) {
            return false;
        }
        int portStart;
        if (value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 3) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = value.charAt(i);
                if (!(Character.digit(c, 16) >= 0 && c < 128 || c == ':' || c == '.')) {
                    return false;
                }
            }
            portStart = close + 1;
        } else {
            int colon = value.indexOf(':');
            int end = colon < 0 ? value.length() : colon;
            if (end == 0 || end > MAX_NAME) {
                return false;
            }
            for (int i = 0; i < end; i++) {
                char c = value.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '.' || c == '-' || c == '_' || c == '~')) {
                    return false;
                }
            }
            portStart = end;
        }
        if (portStart == value.length()) {
            return true;
        }
        if (value.charAt(portStart) != ':' || value.length() - portStart - 1 > 5) {
            return false;
        }
        int port = 0;
        for (int i = portStart + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    /** The request as seen through the public origin: what Jersey builds absolute URLs from. */
    private final class PublicOriginRequest extends HttpServletRequestWrapper {

        PublicOriginRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(publicOrigin).append(getRequestURI());
        }

        @Override
        public String getScheme() {
            return publicScheme;
        }

        @Override
        public String getServerName() {
            return publicHost;
        }

        @Override
        public int getServerPort() {
            return publicPort;
        }

        @Override
        public boolean isSecure() {
            return "https".equals(publicScheme);
        }
    }
}
