package app.todo.identity.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import app.todo.platform.http.BearerChallenge;
import app.todo.platform.problem.Problem;

/**
 * The refusals of the bearer gate: an RFC 6750 challenge plus a problem+json body whose detail is
 * the same for every reason (docs/api.md, Authentication); or 503 when no token can be verified for
 * want of configuration, or when revocations cannot be checked (the store unreachable for longer than
 * the staleness bound).
 */
final class UnauthorizedResponse {

    private static final Problem.Fixed UNAUTHORIZED = new Problem(401, Problem.defaultDetail(401)).fixed();
    private static final Problem.Fixed NOT_CONFIGURED = new Problem(503,
            "The service is not configured to verify tokens; see its log.").fixed();
    private static final Problem.Fixed REVOCATIONS_UNAVAILABLE = new Problem(503,
            "Token revocations cannot be checked right now; try again shortly.").fixed();

    private UnauthorizedResponse() {
    }

    static Response of(AuthFailure failure) {
        if (failure.revocationsUnavailable()) {
            return REVOCATIONS_UNAVAILABLE.toResponse().header(HttpHeaders.RETRY_AFTER, "5")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (failure.configuration()) {
            return NOT_CONFIGURED.toResponse().header(HttpHeaders.RETRY_AFTER, "60")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        return UNAUTHORIZED.toResponse()
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge(failure.tokenSent()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** {@code error="invalid_token"} only when a token was sent (RFC 6750 §3.1). */
    static String challenge(boolean tokenSent) {
        return tokenSent ? BearerChallenge.withError("invalid_token") : BearerChallenge.plain();
    }
}
