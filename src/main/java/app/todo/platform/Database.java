package app.todo.platform;

import jakarta.annotation.sql.DataSourceDefinition;

/**
 * The application's pooled data source, {@code java:app/jdbc/todo}: PostgreSQL or embedded H2 as
 * {@link DatabaseConfigSource} decides. Waits are bounded: a request never queues for a connection
 * longer than 2 s, and dead connections are detected before use, so an unreachable database is a
 * quick 503 rather than a hang. Operators who prefer a server-managed pool can define one in
 * server-config/ and point {@code todo.datasource.jndi} at it instead (see README).
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "${MPCONFIG=todo.datasource.class}",
        url = "${MPCONFIG=todo.datasource.url}",
        user = "${MPCONFIG=todo.datasource.user}",
        password = "${MPCONFIG=todo.datasource.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        initialPoolSize = 2,
        maxIdleTime = 300,
        loginTimeout = 5,
        properties = {
                "fish.payara.max-wait-time-in-millis=2000",
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
                "fish.payara.fail-all-connections=true",
                "fish.payara.statement-timeout-in-seconds=30"
        })
public final class Database {

    public static final String JNDI_NAME = "java:app/jdbc/todo";

    private Database() {
    }
}
