package app.todo.platform.database;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Database pool use on /metrics, from {@link MeteredDataSource}: connections in use against the pool's maximum
 * (the same {@code TODO_DB_POOL_MAX} that server-config/ sizes the pool with), the time each took to get, and the
 * requests that got none.
 */
@ApplicationScoped
public class PoolMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    @ConfigProperty(name = "TODO_DB_POOL_MAX", defaultValue = "32")
    int maxPoolSize;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        registry.gauge(Metadata.builder().withName("todo_db_connections_in_use")
                .withDescription("Connections of the jdbc/todo pool this node holds now").build(),
                MeteredDataSource::inUse);
        registry.gauge(Metadata.builder().withName("todo_db_connections_max")
                .withDescription("Largest size of the jdbc/todo pool (TODO_DB_POOL_MAX)").build(),
                () -> maxPoolSize);
        Timer waits = registry.timer(Metadata.builder().withName("todo_db_connection_wait")
                .withDescription("Time to get a connection from the jdbc/todo pool").withUnit(MetricUnits.SECONDS)
                .build());
        Counter failures = registry.counter(Metadata.builder().withName("todo_db_connection_failures")
                .withDescription("Requests for a connection that failed: pool exhausted for its wait, database down, or refused by the circuit breaker")
                .build());
        MeteredDataSource.report(new MeteredDataSource.Listener() {
            @Override
            public void acquired(long nanos) {
                waits.update(Duration.ofNanos(nanos));
            }

            @Override
            public void failed() {
                failures.inc();
            }
        });
    }
}
