package app.todo.platform.database;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells a database that cannot be reached (a 503, worth retrying) from a bug (a 500), by what the driver, the pool
 * and the persistence unit report:
 * <ul>
 * <li>SQLState class {@code 08} (connection exception: 08000, 08001, 08003 closed, 08006 failure, 08P01 ...),
 * {@code 57P01} admin shutdown, {@code 57P02} crash shutdown, {@code 57P03} cannot connect now,
 * {@code 53300} too many connections, {@code 57014} statement cancelled (the statement timeout)
 * (PostgreSQL Appendix A, SQL:2016 §24.1);</li>
 * <li>the JDBC connection exception types ({@code SQLTransientConnectionException}, as the {@link CircuitBreaker}
 * refuses, {@code SQLNonTransientConnectionException}), a socket refused or timed out;</li>
 * <li>the server's pool unable to hand out a connection (none within its wait, or none could be created): Jakarta
 * Connectors' {@code ResourceAllocationException} by class name or, where the pool lost that cause, an SQLException
 * without SQLState by its message, Payara's "Error in allocating a connection" or WildFly IronJacamar's IJ000453
 * "Unable to get managed connection" / IJ000655 "No managed connections available";</li>
 * <li>a commit whose outcome is unknown ({@link #isCommitOutcomeUnknown}).</li>
 * </ul>
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** True when the failure or any of its causes is one of the above: the request answers 503 with Retry-After. */
    public static boolean isUnavailable(Throwable failure) {
        return causes(failure).anyMatch(t -> t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException || t instanceof ConnectException
                || t instanceof SocketTimeoutException
                || t instanceof SQLException sql && isUnavailableState(sql.getSQLState())
                || t.getClass().getName().equals("jakarta.resource.spi.ResourceAllocationException")
                || t instanceof SQLException sql && sql.getSQLState() == null
                    && (message(t).startsWith("Error in allocating a connection")
                        || message(t).contains("Unable to get managed connection")
                        || message(t).contains("No managed connections available")))
                || isCommitOutcomeUnknown(failure);
    }

    /**
     * Whether an SQLState says the database could not be used: class 08, 57P01–57P03, 53300, 57014 (see above).
     * E.g. {@code "08006"} and {@code "57P01"} are; {@code "23505"} (a unique violation), {@code "57P04"} and null
     * are not.
     */
    public static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }

    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "57014");

    /**
     * True when a transaction's COMMIT failed ({@link EntityManagers.CommitFailed}: every statement before it had
     * succeeded) and no cause says it was a rule of the database (an SQLState outside {@link #isUnavailableState}):
     * its outcome is unknown to this node. A connection closed while COMMIT was on its way reaches the application
     * this way: the database may have committed. The answer is a 503 that says so; the client re-reads before
     * retrying (docs/api.md).
     */
    public static boolean isCommitOutcomeUnknown(Throwable failure) {
        return causes(failure).anyMatch(EntityManagers.CommitFailed.class::isInstance)
                && causes(failure).noneMatch(t -> t instanceof SQLException sql && sql.getSQLState() != null
                        && !isUnavailableState(sql.getSQLState()));
    }

    /**
     * True when the database itself could not be reached: {@link #isUnavailable} except a pool that is only busy
     * (all connections in use for its whole wait) and a statement cancelled by its timeout. What opens the
     * {@link CircuitBreaker}.
     */
    public static boolean isConnectionFailure(Throwable failure) {
        return isUnavailable(failure) && causes(failure).noneMatch(t -> message(t).contains("max-wait")
                || message(t).contains("max-pool-size")
                || message(t).contains("No managed connections available within configured blocking timeout")
                || t instanceof SQLException sql && "57014".equals(sql.getSQLState()));
    }

    /**
     * The class and SQL state of the innermost cause, after the outermost class when it differs: enough for the log,
     * never SQL or parameters. E.g. {@code app.todo.platform.database.EntityManagers$CommitFailed ← java.io.EOFException}.
     */
    public static String summary(Throwable failure) {
        Throwable root = causes(failure).reduce((outer, inner) -> inner).orElseThrow();
        String state = root instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
        String outer = root == failure ? "" : failure.getClass().getName() + " \u2190 ";
        return outer + root.getClass().getName() + state;
    }

    /** The failure and its causes, outermost first. */
    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }

    private static String message(Throwable t) {
        return String.valueOf(t.getMessage());
    }
}
