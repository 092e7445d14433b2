package app.todo.platform.database;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that cannot be reached (a 503, worth retrying) from a bug (a 500). */
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
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P0x: server shutting down; 57014: statement cancelled (timeout)
                if (state != null && (state.startsWith("08") || state.startsWith("57P0") || state.equals("57014"))) {
                    return true;
                }
            }
            String message = String.valueOf(t.getMessage());
            // The server's pool: no connection within its wait, or none could be created. Payara: "Error in
            // allocating a connection", "could not be allocated"; WildFly's IronJacamar: IJ000453 "Unable to get
            // managed connection", IJ000655 "No managed connections available within configured blocking timeout";
            // both wrap Jakarta Connectors' standard ResourceAllocationException.
            if (message.contains("Error in allocating a connection") || message.contains("could not be allocated")
                    || message.contains("Unable to get managed connection")
                    || message.contains("No managed connections available")
                    || t.getClass().getName().equals("jakarta.resource.spi.ResourceAllocationException")) {
                return true;
            }
        }
        return false;
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

    /** The class and SQL state of the innermost cause: enough for the log, never SQL or parameters. */
    public static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
        return root.getClass().getName() + state;
    }
}
