package app.todo.platform.database;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

/**
 * Plain JDBC reads on {@code jdbc/todo}, outside any transaction: a pooled connection in auto-commit mode, through
 * the same circuit breaker and pool metrics as the JPA unit ({@link MeteredDataSource}), after the schema has been
 * brought up to date once. For queries that change nothing and map their rows to read models themselves; every
 * change goes through JPA ({@link EntityManagers#inTransaction}).
 *
 * <p>Why not JPA for reads too: profiled under load, EclipseLink's own part of the task listing (an entity manager
 * and a unit of work per request, the query prepared again for every {@code setMaxResults}, entity clones) was about
 * 13 % of the server's CPU, more than the JDBC execution it wraps (8 %) (docs/performance.md).
 */
@ApplicationScoped
public class ReadConnections {

    /** A read on one connection; may throw what JDBC throws. */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    @Resource(lookup = Database.JNDI_NAME)
    DataSource pool;

    @Inject
    SchemaMigration schema;

    private volatile DataSource dataSource;

    /**
     * Runs {@code read} on a pooled connection, then gives the connection back to the pool.
     *
     * @throws PersistenceException when no connection can be had, the schema cannot be brought up to date, or the
     *                              query fails (a database outage among its causes is answered 503 by the platform)
     */
    public <T> T read(Read<T> read) {
        try (Connection connection = dataSource().getConnection()) {
            return read.apply(connection);
        } catch (SQLException e) {
            throw new PersistenceException("Query failed: " + DatabaseFailures.summary(e), e);
        }
    }

    /**
     * The metered pool, once the schema is current: asked of {@link SchemaMigration} until it first succeeds (a node
     * that started before the database answered migrates here or in the readiness check), then never again.
     */
    private DataSource dataSource() {
        DataSource ready = dataSource;
        if (ready == null) {
            schema.ensureCurrent();
            ready = MeteredDataSource.of(pool);
            dataSource = ready;
        }
        return ready;
    }
}
