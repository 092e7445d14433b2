package app.todo.identity.token;

/**
 * A token failed one of the checks. The message names the check in words fit for the server log;
 * it never contains the token, a claim value or a key.
 */
public class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public TokenRejectedException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
