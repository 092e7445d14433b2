package app.todo.platform;

import java.io.Serializable;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionScoped;

/**
 * The entity manager of the current JTA transaction: one per transaction, opened on first use and closed when
 * the transaction ends, as a container-managed persistence context would be. (A holder, because a
 * {@code @TransactionScoped} bean must be serializable and EclipseLink's entity manager is not.)
 */
@TransactionScoped
public class TransactionEntityManager implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient EntityManagers unit;

    private transient EntityManager em;

    /** Valid only inside a transaction ({@code @Transactional}). */
    public EntityManager get() {
        if (em == null) {
            em = unit.open();
        }
        return em;
    }

    @PreDestroy
    void close() {
        if (em != null && em.isOpen()) {
            em.close();
        }
    }
}
