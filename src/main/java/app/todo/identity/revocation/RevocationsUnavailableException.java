package app.todo.identity.revocation;

/**
 * The revocations cannot be checked: this node's view was never loaded, or (with other nodes) is older than the
 * configured bound because the store has been unreachable. The request is refused with 503 and Retry-After,
 * whatever its token: the service never serves a token it cannot check.
 */
public class RevocationsUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public RevocationsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
