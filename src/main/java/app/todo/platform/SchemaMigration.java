package app.todo.platform;

import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with the Flyway migrations in {@code db/migration} at start-up,
 * before the first request; on PostgreSQL and H2 alike. When the database cannot be reached then,
 * the first request that needs it tries again (and answers 503 while it still cannot).
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    private volatile boolean current;

    @PostConstruct
    void migrateAtStartup() {
        try {
            ensureCurrent();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Schema migration failed at start-up; will retry on first use: {0}", e.getMessage());
        }
    }

    /** Migrates once per process; cheap after the first success. */
    public void ensureCurrent() {
        if (current) {
            return;
        }
        synchronized (this) {
            if (!current) {
                var result = Flyway.configure(SchemaMigration.class.getClassLoader())
                        .dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                        + " migrations applied now)");
                current = true;
            }
        }
    }
}
