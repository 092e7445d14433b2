package app.todo.identity.http;

import app.todo.identity.token.RejectReason;

/**
 * Why the bearer mechanism did not log a request in: kept on the request for {@link BearerGate},
 * which answers it. {@code reason} is null when tokens cannot be verified at all (no usable secret).
 */
record AuthFailure(RejectReason reason, String message, boolean tokenSent) {

    static final String ATTRIBUTE = AuthFailure.class.getName();

    static AuthFailure notConfigured(String problem) {
        return new AuthFailure(null, problem, false);
    }

    boolean configuration() {
        return reason == null;
    }
}
