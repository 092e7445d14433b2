package app.todo.identity.http;

import app.todo.identity.token.RejectReason;

/**
 * Why the bearer filter did not log a request in, answered by {@link Refusals}. {@code reason} is null when tokens
 * cannot be verified at all (no usable secret: 503), or cannot be checked for revocation now
 * ({@code revocationsUnavailable}: 503 with a shorter Retry-After).
 */
record AuthFailure(RejectReason reason, String message, boolean tokenSent, boolean revocationsUnavailable) {

    AuthFailure(RejectReason reason, String message, boolean tokenSent) {
        this(reason, message, tokenSent, false);
    }

    static AuthFailure notConfigured(String problem) {
        return new AuthFailure(null, problem, false, false);
    }

    static AuthFailure revocationsUnavailable(String problem) {
        return new AuthFailure(null, problem, true, true);
    }

    /** No 401: the service cannot decide (503). */
    boolean configuration() {
        return reason == null;
    }
}
