package app.todo.identity.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import app.todo.platform.http.BearerChallenge;
import app.todo.platform.problem.Problem;

/**
 * The refusals of an unauthenticated /api request: an RFC 6750 challenge plus a problem+json body whose detail is
 * the same for every reason (docs/api.md, Authentication); or 503 when no token can be verified for want of
 * configuration (Retry-After 60), or when revocations cannot be checked (the store unreachable for longer than the
 * staleness bound; Retry-After 5). Always {@code Cache-Control: no-store}. Written on a servlet response by
 * {@link BearerFilter}, as a JAX-RS response by {@link BearerGate}: the same status, headers and bytes.
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
        Problem.Fixed problem = problem(failure);
        Response.ResponseBuilder answer = problem.toResponse().header(HttpHeaders.CACHE_CONTROL, "no-store");
        return (problem == UNAUTHORIZED
                ? answer.header(HttpHeaders.WWW_AUTHENTICATE, challenge(failure.tokenSent()))
                : answer.header(HttpHeaders.RETRY_AFTER, retryAfter(failure))).build();
    }

    static void write(AuthFailure failure, HttpServletResponse response) throws IOException {
        Problem.Fixed problem = problem(failure);
        byte[] body = problem.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.problem().status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (problem == UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(failure.tokenSent()));
        } else {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter(failure));
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static Problem.Fixed problem(AuthFailure failure) {
        return failure.revocationsUnavailable() ? REVOCATIONS_UNAVAILABLE
                : failure.configuration() ? NOT_CONFIGURED : UNAUTHORIZED;
    }

    private static String retryAfter(AuthFailure failure) {
        return failure.revocationsUnavailable() ? "5" : "60";
    }

    /** {@code error="invalid_token"} only when a token was sent (RFC 6750 §3.1). */
    static String challenge(boolean tokenSent) {
        return tokenSent ? BearerChallenge.withError("invalid_token") : BearerChallenge.plain();
    }
}
