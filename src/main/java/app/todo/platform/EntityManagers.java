package app.todo.platform;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

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

    private static final Logger LOG = Logger.getLogger(EntityManagers.class.getName());

    static final String UNIT = "todo";
    static final String DESCRIPTOR = "META-INF/todo-persistence.xml";

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry transactions;

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
            transactions.putResource(EntityManagers.class, opened);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    opened.close();
                }
            });
            em = opened;
        }
        return em;
    }

    /** A new entity manager, joined to the current JTA transaction. */
    private EntityManager open() {
        EntityManagerFactory current = factory();
        EntityManager em;
        try {
            em = current.createEntityManager(); // the first one logs in to the database
        } catch (RuntimeException e) {
            discard(current, e);
            throw e;
        }
        em.joinTransaction();
        return em;
    }

    private EntityManagerFactory factory() {
        EntityManagerFactory current = factory;
        return current != null ? current : create();
    }

    private synchronized EntityManagerFactory create() {
        if (factory == null) {
            factory = Persistence.createEntityManagerFactory(UNIT, Map.of(
                    "eclipselink.persistencexml", DESCRIPTOR,
                    "eclipselink.classloader", EntityManagers.class.getClassLoader(),
                    "jakarta.persistence.jtaDataSource", MeteredDataSource.of(dataSource)));
        }
        return factory;
    }

    /** A unit whose start failed (the database did not answer) is dropped, so the next request starts it afresh. */
    private synchronized void discard(EntityManagerFactory failed, RuntimeException cause) {
        if (factory == failed) {
            factory = null;
            LOG.log(Level.WARNING, "Persistence unit not started, will retry on the next request: {0}",
                    DatabaseFailures.summary(cause));
            try {
                failed.close();
            } catch (RuntimeException ignored) {
                // already closed by the provider
            }
        }
    }

    @PreDestroy
    synchronized void shutdown() {
        if (factory != null && factory.isOpen()) {
            factory.close();
        }
    }
}
