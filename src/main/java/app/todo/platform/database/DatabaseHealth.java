package app.todo.platform.database;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the database answers: a pooled connection within the pool's wait that validates within 1 s,
 * and the schema migrated. While the {@link CircuitBreaker} is open it answers DOWN at once (or is the breaker's
 * probe), so readiness turns DOWN with the first failed connection and UP with the first good probe.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Resource(lookup = MeteredDataSource.JNDI_NAME)
    DataSource dataSource;

    @Inject
    SchemaMigration schema;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = MeteredDataSource.of(dataSource).getConnection()) {
            if (!connection.isValid(1)) {
                return response.down().withData("reason", "connection did not validate").build();
            }
            schema.ensureCurrent();
            return response.up().withData("database", connection.getMetaData().getDatabaseProductName()).build();
        } catch (SQLException | RuntimeException e) {
            return response.down().withData("reason", "unreachable: " + DatabaseFailures.summary(e)).build();
        }
    }
}
