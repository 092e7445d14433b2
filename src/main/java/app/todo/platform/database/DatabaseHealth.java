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
 * Ready only while the database answers: a pooled connection within the pool's 2 s wait that
 * validates within 2 s, and the schema migrated.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Inject
    SchemaMigration schema;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = MeteredDataSource.of(dataSource).getConnection()) {
            if (!connection.isValid(2)) {
                return response.down().withData("reason", "connection did not validate").build();
            }
            schema.ensureCurrent();
            return response.up().withData("database", connection.getMetaData().getDatabaseProductName()).build();
        } catch (SQLException | RuntimeException e) {
            return response.down().withData("reason", "unreachable: " + DatabaseFailures.summary(e)).build();
        }
    }
}
