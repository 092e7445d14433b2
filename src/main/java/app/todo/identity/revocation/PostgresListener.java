package app.todo.identity.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The pgjdbc side of {@link RevocationSync}: a connection of the container's own pool ({@code jdbc/todo}, as the
 * server defines it), held for as long as it LISTENs (so the pool's idle validation never sees it; the heartbeat
 * proves it alive), and pgjdbc's notification API reached with {@code unwrap(PGConnection.class)}. pgjdbc is the
 * server's driver, not in the WAR: this class is loaded only when {@link #listenable} found it reachable, and a
 * {@link LinkageError} there means it is not (the caller then polls).
 */
final class PostgresListener implements RevocationSync.Listener {

    private final DataSource dataSource;

    /** @param dataSource the container's pool, not a metered wrapper: this connection is not a request's */
    PostgresListener(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether this connection unwraps to the {@code PGConnection} this application sees. */
    static boolean listenable(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class);
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.unwrap(PGConnection.class);
            try (Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + RevocationStore.CHANNEL);
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public List<String> await(Connection connection, int timeoutMillis) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        PGNotification[] received = timeoutMillis > 0 ? pg.getNotifications(timeoutMillis) : pg.getNotifications();
        List<String> payloads = new ArrayList<>(received == null ? 0 : received.length);
        if (received != null) {
            for (PGNotification notification : received) {
                payloads.add(notification.getParameter());
            }
        }
        return payloads;
    }

    /**
     * Stops listening before the connection goes back to the pool (a pooled connection still LISTENing would
     * collect notifications nobody reads), then gives it back; a broken connection the pool's validation discards.
     */
    @Override
    public void release(Connection connection) {
        try (Statement unlisten = connection.createStatement()) {
            unlisten.execute("UNLISTEN *");
        } catch (SQLException | RuntimeException e) {
            // broken: closing hands it back, and the pool validates it before anyone else gets it
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // already closed
        }
    }
}
