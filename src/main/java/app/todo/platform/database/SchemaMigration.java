package app.todo.platform.database;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import app.todo.platform.logging.Logs;

/**
 * Brings the schema up to date with the Flyway migrations in {@code db/migration} (Flyway's default) at start-up
 * (when the application scope starts, before the first request); on PostgreSQL and H2 alike. When the database cannot
 * be reached then, whoever needs the schema next tries again (the readiness check, the start of the JPA unit
 * {@link EntityManagers}, the first read, the revocation sync), one at a time and at most every 0.5 s; requests
 * answer 503 until it works. After the first success {@link #ensureCurrent} is one volatile
 * read: a plain CDI bean, not an EJB (the singleton EJB it was cost a container call per check).
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logs.logger(SchemaMigration.class);

    @Resource(lookup = MeteredDataSource.JNDI_NAME)
    DataSource dataSource;

    private final RetryGate gate = new RetryGate(Duration.ofMillis(500));

    private volatile boolean current;

    void migrateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            ensureCurrent();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Schema migration failed at start-up; will retry on first use: {0}", e.getMessage());
        }
    }

    /**
     * Migrates once per process; after the first success a volatile read.
     *
     * @throws NotCurrent when the migration could not run (the database is down, say); the cause says why
     */
    public void ensureCurrent() {
        if (current) {
            return;
        }
        gate.attempt(() -> {
            if (!current) {
                MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                        .dataSource(MeteredDataSource.of(dataSource))
                        .load()
                        .migrate();
                LOG.info(() -> outcome(result.initialSchemaVersion, result.targetSchemaVersion,
                        result.migrationsExecuted));
                current = true;
            }
            return null;
        }, NotCurrent::new);
    }

    /**
     * The log line of a migration. Flyway leaves {@code target} null when it applied nothing; {@code initial} is
     * null on an empty database. E.g. {@code "Schema current at version 2 (no migration applied)"}, {@code "Schema
     * migrated from version 1 to version 2 (1 migration applied)"}.
     */
    static String outcome(String initial, String target, int executed) {
        String before = initial == null ? "an empty database" : "version " + initial;
        if (executed == 0 || target == null) {
            return initial == null ? "Schema empty: no migration found" : "Schema current at " + before
                    + " (no migration applied)";
        }
        return "Schema migrated from " + before + " to version " + target + " (" + executed
                + (executed == 1 ? " migration" : " migrations") + " applied)";
    }

    /** The schema could not be brought up to date; the cause says why (a database outage answers 503). */
    public static class NotCurrent extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotCurrent(Throwable cause) {
            super("Schema not current: " + DatabaseFailures.summary(cause), cause);
        }
    }
}
