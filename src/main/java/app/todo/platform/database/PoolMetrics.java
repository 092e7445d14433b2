package app.todo.platform.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import app.todo.platform.metrics.Metrics;

/**
 * Database pool use on /metrics, from {@link MeteredDataSource}: connections in use against the pool's maximum
 * (the same {@code TODO_DB_POOL_MAX} that server-config/ sizes the pool with), the time each took to get, and the
 * requests that got none.
 */
@ApplicationScoped
public class PoolMetrics {

    @Inject
    Metrics metrics;

    @Inject
    @ConfigProperty(name = "TODO_DB_POOL_MAX", defaultValue = "32")
    int maxPoolSize;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        MeterRegistry registry = metrics.registry();
        Gauge.builder("todo_db_connections_in_use", MeteredDataSource::inUse)
                .description("Connections of the jdbc/todo pool this node holds now").register(registry);
        Gauge.builder("todo_db_connections_max", () -> maxPoolSize)
                .description("Largest size of the jdbc/todo pool (TODO_DB_POOL_MAX)").register(registry);
        Timer waits = Timer.builder("todo_db_connection_wait")
                .description("Time to get a connection from the jdbc/todo pool").register(registry);
        Counter failures = Counter.builder("todo_db_connection_failures")
                .description("Requests for a connection that failed: pool exhausted for its wait, database down, or refused by the circuit breaker")
                .register(registry);
        MeteredDataSource.report(waits, failures);
    }
}
