package app.todo.platform.database;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached (a 503, worth retrying) from a bug (a 500), by what the driver and the
 * persistence unit report (SQLState, standard exception types), not by message text:
 * <ul>
 * <li>SQLState class {@code 08} (connection exception: 08000, 08001, 08003 closed, 08006 failure, 08P01 ...),
 * {@code 57P01} admin shutdown, {@code 57P02} crash shutdown, {@code 57P03} cannot connect now,
 * {@code 53300} too many connections, {@code 57014} statement cancelled (the statement timeout)
 * (PostgreSQL Appendix A, SQL:2016 §24.1);</li>
 * <li>the JDBC connection exception types ({@code SQLTransientConnectionException},
 * {@code SQLNonTransientConnectionException}), a socket refused or timed out;</li>
 * <li>the pool unable to hand out a connection (the Jakarta Connectors {@code ResourceAllocationException} or
 * Payara's {@code PoolingException}, by class name; an SQLException without SQLState from Payara's data source,
 * by the start of its message: the one place text is read) or the {@link CircuitBreaker} refusing;</li>
 * <li>a commit whose outcome is unknown ({@link #isCommitOutcomeUnknown}).</li>
 * </ul>
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * True when the failure (or any cause) says the database could not be used: a connection refused, cut or timed
     * out, PostgreSQL shutting down, a statement cancelled by its timeout, the pool unable to hand out a
     * connection (none within its wait, or none could be created), or the {@link CircuitBreaker} refusing.
     * Such a request answers 503 with Retry-After.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && isUnavailableState(sql.getSQLState())) {
                return true;
            }
            // The server's pool: no connection within its wait, or none could be created. Both servers wrap Jakarta
            // Connectors' standard ResourceAllocationException; Payara's data source reports it as an SQLException
            // without SQLState ("Error in allocating a connection") whose cause is not always kept, and WildFly's
            // IronJacamar as IJ000453 "Unable to get managed connection" / IJ000655 "No managed connections
            // available": the message is the only sign when the cause is lost.
            String message = String.valueOf(t.getMessage());
            if (t.getClass().getName().equals("jakarta.resource.spi.ResourceAllocationException")
                    || t instanceof SQLException sql && sql.getSQLState() == null
                    && (message.startsWith("Error in allocating a connection")
                        || message.contains("Unable to get managed connection")
                        || message.contains("No managed connections available"))) {
                return true;
            }
        }
        return isCommitOutcomeUnknown(failure);
    }

    /**
     * Whether an SQLState says the database could not be used: class 08, 57P01–57P03, 53300, 57014 (see above).
     * E.g. {@code "08006"} and {@code "57P01"} are; {@code "23505"} (a unique violation), {@code "57P04"} and null
     * are not.
     */
    public static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300") || state.equals("57014"));
    }

    /**
     * True when a transaction's COMMIT failed ({@link EntityManagers.CommitFailed}: every statement before it had
     * succeeded) and no cause says it was a rule of the database (an SQLState outside {@link #isUnavailableState}):
     * its outcome is unknown to this node. A connection closed while COMMIT was on its way reaches the application
     * this way: the database may have committed. The answer is a 503 that says so; the client re-reads before
     * retrying (docs/api.md).
     */
    public static boolean isCommitOutcomeUnknown(Throwable failure) {
        boolean commitFailed = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EntityManagers.CommitFailed) {
                commitFailed = true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && !isUnavailableState(sql.getSQLState())) {
                return false;
            }
        }
        return commitFailed;
    }

    /**
     * True when the database itself could not be reached: {@link #isUnavailable} except a pool that is only busy
     * (all connections in use for its whole wait) and a statement cancelled by its timeout. What opens the
     * {@link CircuitBreaker}.
     */
    public static boolean isConnectionFailure(Throwable failure) {
        if (!isUnavailable(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("max-wait") || message.contains("max-pool-size")
                    || message.contains("No managed connections available within configured blocking timeout")
                    || t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The class and SQL state of the innermost cause, after the outermost class when it differs: enough for the log,
     * never SQL or parameters. E.g. {@code app.todo.platform.database.EntityManagers$CommitFailed ← java.io.EOFException}.
     */
    public static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
        String outer = root == failure ? "" : failure.getClass().getName() + " \u2190 ";
        return outer + root.getClass().getName() + state;
    }
}
