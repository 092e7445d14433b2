package app.todo.identity.revocation;

import java.sql.SQLException;

/**
 * A revocation could not be stored: nothing was revoked. Its cause is the driver's or the pool's
 * {@link SQLException}, so an unreachable database is answered with 503 and Retry-After like any other database
 * outage (platform.http.ProblemMappers), anything else with 500.
 */
public class RevocationStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RevocationStoreException(String message, SQLException cause) {
        super(message, cause);
    }
}
