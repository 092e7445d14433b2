package app.todo.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import app.todo.platform.logging.Logs;

/**
 * The two ways to the data of {@code jdbc/todo}, both through the circuit breaker and pool metrics
 * ({@link MeteredDataSource}) and only once the schema is current: every change in the persistence unit of
 * META-INF/todo-persistence.xml ({@link #inTransaction}: a resource-local transaction on a new entity manager, whose
 * persistence context lives for that one transaction, as a container-managed one would), and reads in plain JDBC
 * ({@link #read}: one pooled connection in auto-commit mode, outside any transaction, rows mapped by the caller).
 *
 * <p>Why resource-local and not the server's JTA ({@code @Transactional}): a change touches one connection of one
 * data source; profiled under load, the transaction manager's begin, enlistment and commit were ~10 % of a write's
 * request-thread CPU, the resource-local ones ~7 % (docs/performance.md, "Writes"). Why not JPA for reads: profiled
 * under load, EclipseLink's own part of the task listing (an entity manager and a unit of work per request, the query
 * prepared again for every {@code setMaxResults}, entity clones) was ~13 % of the server's CPU, more than the JDBC
 * execution it wraps (8 %) (docs/performance.md).
 *
 * <p>The unit is started on first use, not at deployment, and started again after a failed start: so the service
 * deploys and reports itself not ready while the database is down at start-up, answers 503 meanwhile, and works
 * as soon as the database answers, without a restart. (A container-managed unit would connect during deployment,
 * and on Payara a failed connection there leaves the application undeployed or its factory closed for good.)
 */
@ApplicationScoped
public class EntityManagers {

    private static final Logger LOG = Logs.logger(EntityManagers.class);

    @Resource(lookup = MeteredDataSource.JNDI_NAME)
    DataSource dataSource;

    @Inject
    SchemaMigration schema;

    /**
     * EclipseLink's name of the server it runs in ({@code Glassfish} for Payara, the default in
     * META-INF/microprofile-config.properties; {@code WildFly} there): server configuration, set as the system
     * property or environment variable of the same name by the server's start-up files, never chosen in code.
     */
    @Inject
    @ConfigProperty(name = TARGET_SERVER)
    String targetServer;

    static final String TARGET_SERVER = "eclipselink.target-server";

    private final RetryGate gate = new RetryGate(Duration.ofMillis(500));

    private volatile EntityManagerFactory factory;

    private DataSource metered;

    @PostConstruct
    void meter() {
        metered = MeteredDataSource.of(dataSource);
    }

    /** A read on one connection. */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code read} on a pooled connection, then gives the connection back to the pool.
     *
     * @throws PersistenceException when no connection can be had, the schema cannot be brought up to date, or the
     *                              query fails (a database outage among its causes is answered 503 by the platform)
     */
    public <T> T read(Read<T> read) {
        schema.ensureCurrent();
        try (Connection connection = metered.getConnection()) {
            return read.apply(connection);
        } catch (SQLException e) {
            throw new PersistenceException("Query failed: " + DatabaseFailures.summary(e), e);
        }
    }

    /**
     * Runs {@code work} in a new transaction on a new entity manager: begins, runs it, flushes its changes (so that
     * a rule of the database or a stale {@code @Version} fails here, as itself), commits, closes. Anything the work
     * throws rolls the transaction back and is thrown as it is.
     *
     * @return what {@code work} returned, after the commit
     * @throws jakarta.persistence.OptimisticLockException when a changed or removed entity's version was no longer
     *                                                     the one read (another transaction changed it meanwhile)
     * @throws CommitFailed                               when the flush succeeded and the COMMIT itself failed:
     *                                                     whether the database committed is unknown to this node
     * @throws PersistenceException                        when the unit cannot start or a statement fails (a
     *                                                     database outage among its causes answers 503)
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = open();
        try {
            EntityTransaction transaction = em.getTransaction();
            transaction.begin();
            T result;
            try {
                result = work.apply(em);
                em.flush();
            } catch (RuntimeException e) {
                try {
                    if (transaction.isActive()) {
                        transaction.rollback();
                    }
                } catch (RuntimeException lost) {
                    e.addSuppressed(lost); // the connection is gone: the database rolls back on its own
                }
                throw e;
            }
            try {
                transaction.commit();
            } catch (RuntimeException e) {
                throw new CommitFailed(e);
            }
            return result;
        } finally {
            em.close();
        }
    }

    /**
     * The COMMIT of a transaction whose statements all succeeded failed: a connection cut while COMMIT was on its
     * way, say. The database may have committed ({@link DatabaseFailures#isCommitOutcomeUnknown}).
     */
    public static final class CommitFailed extends PersistenceException {

        private static final long serialVersionUID = 1L;

        CommitFailed(Throwable cause) {
            super("Commit failed: " + DatabaseFailures.summary(cause), cause);
        }
    }

    private EntityManager open() {
        EntityManagerFactory started = factory;
        return started != null ? started.createEntityManager() : gate.attempt(this::start, cause ->
                new PersistenceException("Persistence unit not started: " + DatabaseFailures.summary(cause), cause));
    }

    /**
     * Brings the schema up to date, then starts the unit and returns its first entity manager (the unit logs in to
     * the database then). The unit is kept only when that worked; one that could not log in is closed, and the next
     * attempt starts a new one. So a started unit always works on a current schema, and requests need not ask.
     */
    private EntityManager start() {
        if (factory != null) {
            return factory.createEntityManager();
        }
        schema.ensureCurrent();
        EntityManagerFactory created = Persistence.createEntityManagerFactory("todo", Map.of(
                "eclipselink.persistencexml", "META-INF/todo-persistence.xml",
                "eclipselink.classloader", EntityManagers.class.getClassLoader(),
                "jakarta.persistence.nonJtaDataSource", metered,
                TARGET_SERVER, targetServer));
        try {
            EntityManager first = created.createEntityManager();
            factory = created;
            return first;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Persistence unit not started (next try in 0.5 s at the earliest): {0}",
                    DatabaseFailures.summary(e));
            try {
                created.close();
            } catch (RuntimeException ignored) {
                // already closed by the provider
            }
            throw e;
        }
    }

    @PreDestroy
    void shutdown() {
        EntityManagerFactory started = factory;
        if (started != null && started.isOpen()) {
            started.close();
        }
    }
}
