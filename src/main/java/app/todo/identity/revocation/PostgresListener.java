package app.todo.identity.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The pgjdbc side of {@link RevocationSync}: a dedicated connection (never one of the pool: it stays open and
 * LISTENs for the life of the node) and the notification API. Only loaded on PostgreSQL, so the class needs the
 * driver (on the server class path through {@code --addLibs}) only there.
 */
final class PostgresListener implements RevocationSync.Listener {

    private final String url;
    private final Properties properties = new Properties();

    /**
     * @param url      the same JDBC URL as the pool (TODO_DB_URL)
     * @param user     its user (TODO_DB_USER)
     * @param password its password (TODO_DB_PASSWORD); kept in memory only, never logged
     */
    PostgresListener(String url, String user, String password) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password == null ? "" : password);
        // the pool's bounds (server-config/postgresql-resources.xml); the socket timeout bounds a heartbeat
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "todo-api revocations");
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL", "08001");
        }
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + RevocationStore.CHANNEL);
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
}
