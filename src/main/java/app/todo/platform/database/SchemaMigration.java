package app.todo.platform.database;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ApplicationException;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.flywaydb.core.Flyway;

import app.todo.platform.logging.Logs;

/**
 * Brings the schema up to date with the Flyway migrations in {@code db/migration} at start-up,
 * before the first request; on PostgreSQL and H2 alike. When the database cannot be reached then,
 * the readiness check and the start of the JPA unit ({@link EntityManagers}) try again, one at a time
 * and at most every 0.5 s; requests answer 503 until it works.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logs.logger(SchemaMigration.class);

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    private final RetryGate gate = new RetryGate(Duration.ofMillis(500));

    private volatile boolean current;

    @PostConstruct
    void migrateAtStartup() {
        try {
            ensureCurrent();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Schema migration failed at start-up; will retry on first use: {0}", e.getMessage());
        }
    }

    /**
     * Migrates once per process; cheap after the first success.
     *
     * @throws NotCurrent when the migration could not run (the database is down, say); the cause says why
     */
    public void ensureCurrent() {
        if (current) {
            return;
        }
        gate.attempt(() -> {
            if (!current) {
                var result = Flyway.configure(SchemaMigration.class.getClassLoader())
                        .dataSource(MeteredDataSource.of(dataSource))
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                        + " migrations applied now)");
                current = true;
            }
            return null;
        }, NotCurrent::new);
    }

    /**
     * The schema could not be brought up to date. An application exception, so the EJB container hands it to the
     * caller as it is (which answers 503 when the database is down) instead of logging a stack trace per request.
     */
    @ApplicationException
    public static class NotCurrent extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotCurrent(Throwable cause) {
            super("Schema not current: " + DatabaseFailures.summary(cause), cause);
        }
    }
}
