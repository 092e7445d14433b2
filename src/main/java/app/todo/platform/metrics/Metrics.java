package app.todo.platform.metrics;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The application's meters in Micrometer's Prometheus registry, so /metrics ({@link MetricsServlet}) is the same on
 * every server (no MicroProfile Metrics on WildFly; Payara's is off). A counter {@code todo_x} is written
 * {@code todo_x_total}, a timer {@code todo_y} {@code todo_y_seconds_count}/{@code _sum}/{@code _max}; plus the
 * binders' {@code jvm_*}, {@code process_*}, {@code system_*}. Labels are fixed vocabularies, never a user id.
 */
@ApplicationScoped
public class Metrics {

    /** The quantiles of the request and token timers (a Prometheus summary, seconds, ~the last minute, per node). */
    public static final double[] QUANTILES = {0.5, 0.95, 0.99};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics() {
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
    }

    /** Where the application's meters are registered. */
    public MeterRegistry registry() {
        return registry;
    }

    PrometheusMeterRegistry prometheus() {
        return registry;
    }

    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }
}
