package app.todo.identity.http;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import app.todo.identity.revocation.RevocationsUnavailableException;
import app.todo.identity.service.TokenMetrics;
import app.todo.identity.service.TokenService;
import app.todo.identity.token.RejectReason;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;
import app.todo.platform.http.RequestLogFilter;
import app.todo.platform.logging.RequestContext;

/**
 * Authenticates every request under /api by its bearer token (mapped to {@code /api/*} in web.xml, after the request
 * id, CORS and drain filters, so every answer carries the request id and CORS headers), deny by default: a verified
 * token passes the request on as a {@link CallerRequest} (its {@code getUserPrincipal()} and {@code isUserInRole}
 * are the token's), anything else is answered here, before JAX-RS, with {@link UnauthorizedResponse}'s fixed text
 * (401, or 503 when tokens cannot be verified or revocations checked); the precise reason goes to the log (at most
 * 100 lines a second, {@link Refusals}) and to {@code todo_tokens_refused_total{reason}}.
 *
 * <p>An Authorization field sent twice, or holding a comma (two credentials joined; a bearer b64token has none,
 * RFC 6750 §2.1), is not verified at all: it is counted as {@link RejectReason#INVALID_REQUEST} and passed on to the
 * platform's singleton-header filter, which answers 400 {@code invalid_request} (RFC 6750 §3.1); {@link BearerGate}
 * refuses anything unauthenticated that still reaches JAX-RS.
 *
 * <p>A servlet filter rather than a Jakarta Security {@code HttpAuthenticationMechanism}: measured on the 401 path,
 * Payara's JASPIC bridge around the mechanism (a CDI lookup through JNDI that throws and catches a
 * {@code NamingException} twice per request, and the JACC subject behind {@code SecurityContext}) took about a
 * quarter of the server's CPU per request (docs/performance.md).
 */
public class BearerFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    /** The request attribute holding the verified caller ({@link TokenPrincipal}), read by the access log too. */
    public static final String PRINCIPAL_ATTRIBUTE = RequestLogFilter.CALLER_ATTRIBUTE;

    @Inject
    TokenService tokens;

    @Inject
    TokenMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isCorsPreflight(request)) {
            chain.doFilter(request, response);   // CorsFilter passed it on: it breaks the singleton-header rule
            return;
        }
        Object outcome = authenticate(request);
        if (outcome instanceof TokenPrincipal principal) {
            request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
            RequestContext.caller(principal.getName());   // UserId of the request's log records
            chain.doFilter(new CallerRequest(request, principal), response);
            return;
        }
        AuthFailure failure = (AuthFailure) outcome;
        if (failure.reason() == RejectReason.INVALID_REQUEST) {
            request.setAttribute(AuthFailure.ATTRIBUTE, failure);   // for BearerGate, should the next filter not answer
            chain.doFilter(request, response);
            return;
        }
        Refusals.refuse(request, response, failure);
    }

    /** The verified principal, or the {@link AuthFailure} that says why there is none. */
    private Object authenticate(HttpServletRequest request) {
        Optional<String> unusable = tokens.configurationProblem();
        if (unusable.isPresent()) {
            return AuthFailure.notConfigured(unusable.get());
        }
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.size() > 1 || headers.size() == 1 && headers.get(0).indexOf(',') >= 0) {
            metrics.refused(RejectReason.INVALID_REQUEST);
            return new AuthFailure(RejectReason.INVALID_REQUEST,
                    headers.size() > 1 ? "more than one Authorization header" : "more than one credential", false);
        }
        String token = headers.size() == 1 ? bearerToken(headers.get(0)) : null;
        if (token == null) {
            metrics.refused(RejectReason.MISSING);
            return new AuthFailure(RejectReason.MISSING, "no bearer token", false);
        }
        long start = System.nanoTime();
        try {
            TokenPrincipal principal = tokens.verify(token);
            metrics.accepted(principal.algorithm(), System.nanoTime() - start);
            return principal;
        } catch (TokenRejectedException e) {
            metrics.refused(e.reason(), System.nanoTime() - start);
            return new AuthFailure(e.reason(), e.getMessage(), true);
        } catch (RevocationsUnavailableException e) {
            metrics.revocationsUnavailable();
            return AuthFailure.revocationsUnavailable(e.getMessage());
        }
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
