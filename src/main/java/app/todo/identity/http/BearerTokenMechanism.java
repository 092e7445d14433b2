package app.todo.identity.http;

import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import app.todo.identity.service.TokenMetrics;
import app.todo.identity.service.TokenService;
import app.todo.platform.http.TodoApplication;
import app.todo.identity.revocation.RevocationsUnavailableException;
import app.todo.identity.token.RejectReason;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;

/**
 * Authenticates every request under /api by its bearer token, and only those: a valid token logs
 * the caller in with the groups of its principal. Anything else is recorded on the request as an
 * {@link AuthFailure} and refused by {@link BearerGate} before any resource runs; refusing there,
 * not here, lets the answer pass the application's filters (request id, CORS, access log) like
 * every other. The container may call this more than once per request; the outcome is kept on the
 * request, so a token is verified and counted once. An Authorization field sent twice, or holding a
 * comma (two credentials joined; a bearer b64token has none, RFC 6750 §2.1), is not verified at all:
 * it is counted as {@link RejectReason#INVALID_REQUEST} and the platform's singleton-header filter,
 * which runs after this and before the gate, answers 400 {@code invalid_request} (RFC 6750 §3.1).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    /** Where the JAX-RS application is mapped; everything below it needs a token. */
    public static final String PRINCIPAL_ATTRIBUTE = TokenPrincipal.class.getName();

    @Inject
    TokenService tokens;

    @Inject
    TokenMetrics metrics;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (!isApiRequest(request) || isCorsPreflight(request)) {
            return context.doNothing();
        }
        if (request.getAttribute(PRINCIPAL_ATTRIBUTE) == null && request.getAttribute(AuthFailure.ATTRIBUTE) == null) {
            authenticate(request);
        }
        if (request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal principal) {
            return context.notifyContainerAboutLogin(principal, principal.groups());
        }
        return context.doNothing();
    }

    private void authenticate(HttpServletRequest request) {
        if (tokens.configurationProblem().isPresent()) {
            request.setAttribute(AuthFailure.ATTRIBUTE, AuthFailure.notConfigured(tokens.configurationProblem().get()));
            return;
        }
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.size() > 1 || headers.size() == 1 && headers.get(0).indexOf(',') >= 0) {
            metrics.refused(RejectReason.INVALID_REQUEST);
            request.setAttribute(AuthFailure.ATTRIBUTE, new AuthFailure(RejectReason.INVALID_REQUEST,
                    headers.size() > 1 ? "more than one Authorization header" : "more than one credential", false));
            return;
        }
        String token = headers.size() == 1 ? bearerToken(headers.get(0)) : null;
        if (token == null) {
            metrics.refused(RejectReason.MISSING);
            request.setAttribute(AuthFailure.ATTRIBUTE, new AuthFailure(RejectReason.MISSING, "no bearer token", false));
            return;
        }
        long start = System.nanoTime();
        try {
            TokenPrincipal principal = tokens.verify(token);
            metrics.accepted(principal.algorithm(), System.nanoTime() - start);
            request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
        } catch (TokenRejectedException e) {
            metrics.refused(e.reason(), System.nanoTime() - start);
            request.setAttribute(AuthFailure.ATTRIBUTE, new AuthFailure(e.reason(), e.getMessage(), true));
        } catch (RevocationsUnavailableException e) {
            metrics.revocationsUnavailable();
            request.setAttribute(AuthFailure.ATTRIBUTE, AuthFailure.revocationsUnavailable(e.getMessage()));
        }
    }

    static boolean isApiRequest(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return TodoApplication.PATH.equals(request.getServletPath())
                || path.equals(TodoApplication.PATH) || path.startsWith(TodoApplication.PATH + "/");
    }

    static boolean isCorsPreflight(HttpServletRequest request) {
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
}
