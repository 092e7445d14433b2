package app.todo.identity.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.common.BaseDataSource;

/**
 * The pgjdbc side of {@link RevocationSync}: a LISTEN connection from the container's own {@code jdbc/todo}, opened
 * beside the pool where the datasource unwraps to pgjdbc's own {@code DataSource} (Payara: the pool's validation or
 * re-creation never touches it), else a pool connection, held (docs/architecture.md, "Propagation"). pgjdbc is the
 * server's driver, not in the WAR: this class is loaded only when {@link #listenable} found it reachable, and a
 * {@link LinkageError} there means it is not (the caller then polls).
 */
final class PostgresListener {

    /** Where a LISTEN connection comes from. */
    private interface Source {
        Connection get() throws SQLException;
    }

    private final Source source;

    /** @param pool the container's {@code jdbc/todo}, not a metered wrapper: this connection is not a request's */
    PostgresListener(DataSource pool) {
        BaseDataSource driver = null; // pgjdbc's own DataSource behind the container's, when it hands it out
        try {
            driver = pool.isWrapperFor(BaseDataSource.class) ? pool.unwrap(BaseDataSource.class) : null;
        } catch (SQLException | RuntimeException e) {
            // not offered: the pool's own connections
        }
        source = driver != null ? driver::getConnection : pool::getConnection;
    }

    /** Whether this connection unwraps to the {@code PGConnection} this application sees. */
    static boolean listenable(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class);
    }

    /** A new connection that already LISTENs on the channel. */
    Connection open() throws SQLException {
        Connection connection = source.get();
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

    /** The payloads of the notifications received, waiting at most {@code timeoutMillis} (0: none). */
    List<String> await(Connection connection, int timeoutMillis) throws SQLException {
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
    void release(Connection connection) {
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
