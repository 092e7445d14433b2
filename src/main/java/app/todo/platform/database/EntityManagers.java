package app.todo.platform.database;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import app.todo.platform.logging.Logs;

/**
 * The persistence unit in META-INF/todo-persistence.xml on {@code jdbc/todo}, and the entity manager of the
 * current JTA transaction ({@link #current()}): one per transaction, opened on first use and closed when the
 * transaction ends, as a container-managed persistence context would be.
 *
 * <p>The unit is started on first use, not at deployment, and started again after a failed start: so the service
 * deploys and reports itself not ready while the database is down at start-up, answers 503 meanwhile, and works
 * as soon as the database answers, without a restart. (A container-managed unit would connect during deployment,
 * and on Payara a failed connection there leaves the application undeployed or its factory closed for good.)
 */
@ApplicationScoped
public class EntityManagers {

    private static final Logger LOG = Logs.logger(EntityManagers.class);

    static final String UNIT = "todo";
    static final String DESCRIPTOR = "META-INF/todo-persistence.xml";

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    SchemaMigration schema;

    /**
     * EclipseLink's name of the server whose JTA transactions the unit joins ({@code Glassfish} for Payara, the
     * default in META-INF/microprofile-config.properties; {@code WildFly} there): server configuration, set as the
     * system property or environment variable of the same name by the server's start-up files, never chosen in code.
     */
    @Inject
    @ConfigProperty(name = TARGET_SERVER)
    String targetServer;

    static final String TARGET_SERVER = "eclipselink.target-server";

    private final RetryGate gate = new RetryGate(Duration.ofMillis(500));

    private volatile EntityManagerFactory factory;

    /**
     * The entity manager of the current transaction; only inside one ({@code @Transactional}). Kept in the
     * transaction's own resources rather than in a {@code @TransactionScoped} bean: measured, that scope cost
     * about a quarter of the throughput of a task listing (Payara looks the registry up in JNDI on every access).
     */
    public EntityManager current() {
        EntityManager em = (EntityManager) transactions.getResource(EntityManagers.class);
        if (em == null) {
            EntityManager opened = open();
            try {
                opened.joinTransaction();
                transactions.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (opened.isOpen()) {
                            opened.close();
                        }
                    }
                });
                transactions.putResource(EntityManagers.class, opened);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            em = opened;
        }
        return em;
    }

    private EntityManager open() {
        EntityManagerFactory started = factory;
        return started != null ? started.createEntityManager() : gate.attempt(this::start, cause ->
                new PersistenceException("Persistence unit not started: " + DatabaseFailures.summary(cause), cause));
    }

    /**
     * Brings the schema up to date, then starts the unit and returns its first entity manager, the one that logs in
     * to the database. The unit is kept only when that worked; a unit that could not log in is closed, and the next
     * attempt starts a new one. So a started unit always works on a current schema, and requests need not ask.
     */
    private EntityManager start() {
        if (factory != null) {
            return factory.createEntityManager();
        }
        schema.ensureCurrent();
        EntityManagerFactory created = Persistence.createEntityManagerFactory(UNIT, Map.of(
                "eclipselink.persistencexml", DESCRIPTOR,
                "eclipselink.classloader", EntityManagers.class.getClassLoader(),
                "jakarta.persistence.jtaDataSource", MeteredDataSource.of(dataSource),
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
