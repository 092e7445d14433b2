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

/**
 * The persistence unit in META-INF/todo-persistence.xml on {@code jdbc/todo}; stores reach it through
 * {@link TransactionEntityManager}.
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

    private EntityManagerFactory factory;

    /** A new entity manager, joined to the current JTA transaction. */
    EntityManager open() {
        EntityManagerFactory current = factory();
        try {
            EntityManager em = current.createEntityManager();
            em.joinTransaction();
            return em;
        } catch (RuntimeException e) {
            discard(current, e);
            throw e;
        }
    }

    private synchronized EntityManagerFactory factory() {
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
