package app.todo.identity.http;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import app.todo.platform.http.BearerChallenge;
import app.todo.platform.problem.Problem;

/**
 * The refusals of an unauthenticated /api request: an RFC 6750 challenge plus a problem+json body whose detail is
 * the same for every reason (docs/api.md, Authentication); or 503 when no token can be verified for want of
 * configuration (Retry-After 60), or when revocations cannot be checked (the store unreachable for longer than the
 * staleness bound; Retry-After 5). Always {@code Cache-Control: no-store}. Written on the servlet response by
 * {@link BearerFilter}.
 */
final class UnauthorizedResponse {

    private static final Problem.Fixed UNAUTHORIZED = new Problem(401, Problem.defaultDetail(401)).fixed();
    private static final Problem.Fixed NOT_CONFIGURED = new Problem(503,
            "The service is not configured to verify tokens; see its log.").fixed();
    private static final Problem.Fixed REVOCATIONS_UNAVAILABLE = new Problem(503,
            "Token revocations cannot be checked right now; try again shortly.").fixed();

    private UnauthorizedResponse() {
    }

    static void write(AuthFailure failure, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(headerName(failure), headerValue(failure));
        problem(failure).writeTo(response);
    }

    private static Problem.Fixed problem(AuthFailure failure) {
        return failure.revocationsUnavailable() ? REVOCATIONS_UNAVAILABLE
                : failure.configuration() ? NOT_CONFIGURED : UNAUTHORIZED;
    }

    /** The one header that depends on the failure: the challenge of a 401, Retry-After of a 503. */
    private static String headerName(AuthFailure failure) {
        return problem(failure) == UNAUTHORIZED ? HttpHeaders.WWW_AUTHENTICATE : HttpHeaders.RETRY_AFTER;
    }

    private static String headerValue(AuthFailure failure) {
        return problem(failure) == UNAUTHORIZED ? challenge(failure.tokenSent())
                : failure.revocationsUnavailable() ? "5" : "60";
    }

    /** {@code error="invalid_token"} only when a token was sent (RFC 6750 §3.1). */
    static String challenge(boolean tokenSent) {
        return tokenSent ? BearerChallenge.withError("invalid_token") : BearerChallenge.plain();
    }
}
