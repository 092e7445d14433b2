package app.todo.identity.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The refusals of the bearer gate: an RFC 6750 challenge plus a problem+json body whose detail is
 * the same for every reason; or 503 when no token can be verified for want of configuration, or when
 * revocations cannot be checked (the store unreachable for longer than the staleness bound).
 */
final class UnauthorizedResponse {

    static final String REALM = "todo-api";
    static final String DETAIL = "A valid bearer token is required to access this resource.";
    private static final String PROBLEM = "application/problem+json";

    private static final String UNAUTHORIZED = problem(401, "Unauthorized", DETAIL);
    private static final String NOT_CONFIGURED = problem(503, "Service Unavailable",
            "The service is not configured to verify tokens; see its log.");
    private static final String REVOCATIONS_UNAVAILABLE = problem(503, "Service Unavailable",
            "Token revocations cannot be checked right now; try again shortly.");

    private UnauthorizedResponse() {
    }

    static Response of(AuthFailure failure) {
        if (failure.revocationsUnavailable()) {
            return Response.status(503).type(PROBLEM).header(HttpHeaders.RETRY_AFTER, "5")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(REVOCATIONS_UNAVAILABLE).build();
        }
        if (failure.configuration()) {
            return Response.status(503).type(PROBLEM).header(HttpHeaders.RETRY_AFTER, "60")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(NOT_CONFIGURED).build();
        }
        return Response.status(401).type(PROBLEM)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge(failure.tokenSent()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(UNAUTHORIZED).build();
    }

    /** {@code error="invalid_token"} only when a token was sent (RFC 6750 §3.1). */
    static String challenge(boolean tokenSent) {
        return "Bearer realm=\"" + REALM + "\"" + (tokenSent ? ", error=\"invalid_token\"" : "");
    }

    private static String problem(int status, String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }
}
