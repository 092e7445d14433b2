package app.todo.identity;

import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates every request under /api by its bearer token, and only those. A request with a
 * valid token logs in with the groups of its principal; any other /api request is answered here
 * with 401 (or 503 when tokens cannot be verified at all) and never reaches a resource. CORS
 * preflights pass without a token. The container may call this more than once per request; the
 * outcome is kept in a request attribute so a token is verified and logged once.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(BearerTokenMechanism.class.getName());

    /** Where the JAX-RS application is mapped; everything below it needs a token. */
    public static final String API_PATH = "/api";
    public static final String PRINCIPAL_ATTRIBUTE = TokenPrincipal.class.getName();

    @Inject
    TokenService tokens;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (!isApiRequest(request) || isCorsPreflight(request)) {
            return context.doNothing();
        }
        TokenPrincipal known = (TokenPrincipal) request.getAttribute(PRINCIPAL_ATTRIBUTE);
        if (known != null) {
            return context.notifyContainerAboutLogin(known, known.groups());
        }
        if (tokens.configurationProblem().isPresent()) {
            UnauthorizedResponse.notConfigured(request, response);
            return AuthenticationStatus.SEND_FAILURE;
        }
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        String token = headers.size() == 1 ? bearerToken(headers.get(0)) : null;
        if (token == null) {
            LOG.log(Level.INFO, "401 {0}: token refused, reason={1}: no bearer token",
                    new Object[] {describe(request), RejectReason.MISSING.label()});
            UnauthorizedResponse.write(request, response, false);
            return AuthenticationStatus.SEND_FAILURE;
        }
        try {
            TokenPrincipal principal = tokens.verify(token);
            request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
            return context.notifyContainerAboutLogin(principal, principal.groups());
        } catch (TokenRejectedException e) {
            LOG.log(Level.INFO, "401 {0}: token refused, reason={1}: {2}",
                    new Object[] {describe(request), e.reason().label(), e.getMessage()});
            UnauthorizedResponse.write(request, response, true);
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    static boolean isApiRequest(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return API_PATH.equals(request.getServletPath())
                || path.equals(API_PATH) || path.startsWith(API_PATH + "/");
    }

    private static boolean isCorsPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod())
                && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** The token of a {@code Bearer} credential (scheme case-insensitive), or null for any other header. */
    static String bearerToken(String authorization) {
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.trim().equalsIgnoreCase("Bearer") ? "" : null;
        }
        return authorization.substring(7).strip();
    }

    private static String describe(HttpServletRequest request) {
        return request.getMethod() + " " + request.getServletPath()
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }
}
