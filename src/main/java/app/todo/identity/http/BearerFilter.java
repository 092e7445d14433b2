package app.todo.identity.http;

import java.io.IOException;
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
import app.todo.platform.http.RequestCaller;
import app.todo.platform.logging.RequestContext;

/**
 * Authenticates every request under /api by its bearer token, once, deny by default (mapped to {@code /api/*} in
 * web.xml after every cheaper refusal, so a request refused for its headers, a preflight or a draining node never
 * costs a token check; and before the body is read, so a stranger's body never is). A verified token passes the
 * request on as a {@link CallerRequest} (its {@code getUserPrincipal()} and {@code isUserInRole} are the token's, which
 * JAX-RS's {@code SecurityContext} shows) with the caller recorded in {@link RequestCaller}; anything else is answered
 * here with {@link UnauthorizedResponse}'s fixed text (401, or 503 when tokens cannot be verified or revocations
 * checked); the precise reason goes to the log (at most 100 lines a second, {@link Refusals}) and to
 * {@code todo_tokens_refused_total{reason}}. The Authorization field has one line by now (the singleton-header rule
 * refused two, or a list, with 400).
 *
 * <p>A servlet filter rather than a Jakarta Security {@code HttpAuthenticationMechanism}: measured on the 401 path,
 * Payara's JASPIC bridge around the mechanism (a CDI lookup through JNDI that throws and catches a
 * {@code NamingException} twice per request, and the JACC subject behind {@code SecurityContext}) took about a
 * quarter of the server's CPU per request (docs/performance.md).
 */
public class BearerFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Inject
    TokenService tokens;

    @Inject
    TokenMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object outcome = authenticate(request);
        if (outcome instanceof TokenPrincipal principal) {
            RequestCaller.set(request, principal);
            RequestContext.caller(principal.getName());   // UserId of the request's log records
            chain.doFilter(new CallerRequest(request, principal), response);
            return;
        }
        Refusals.refuse(request, response, (AuthFailure) outcome);
    }

    /** The verified principal, or the {@link AuthFailure} that says why there is none. */
    private Object authenticate(HttpServletRequest request) {
        Optional<String> unusable = tokens.configurationProblem();
        if (unusable.isPresent()) {
            return AuthFailure.notConfigured(unusable.get());
        }
        String authorization = request.getHeader("Authorization");
        String token = authorization == null ? null : bearerToken(authorization);
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

    /** The token of a {@code Bearer} credential (scheme case-insensitive), or null for any other header. */
    static String bearerToken(String authorization) {
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.trim().equalsIgnoreCase("Bearer") ? "" : null;
        }
        return authorization.substring(7).strip();
    }
}
