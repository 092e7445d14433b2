package app.todo.platform.metrics;

import java.util.ArrayList;
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
 * The application's meters, in Micrometer's Prometheus registry inside the WAR, so /metrics ({@link MetricsServlet})
 * says the same on every server (MicroProfile Metrics is not on WildFly; Payara's own /metrics is off pre-boot).
 * Names follow Prometheus: a counter {@code todo_x} is written {@code todo_x_total}, a timer {@code todo_y} (seconds)
 * {@code todo_y_seconds_count}/{@code _sum}/{@code _max}. Plus the JVM's memory, GC, threads, classes, CPU, uptime
 * and file descriptors from Micrometer's binders ({@code jvm_*}, {@code process_*}, {@code system_*}).
 * Labels are fixed vocabularies (never a user id or a token).
 */
@ApplicationScoped
public class Metrics {

    /**
     * The quantiles the request and token-verification timers publish (a Prometheus summary: {@code quantile}
     * label, seconds, over the last minute or so, per node).
     */
    public static final double[] QUANTILES = {0.5, 0.95, 0.99};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeable = new ArrayList<>();

    public Metrics() {
        JvmGcMetrics gc = new JvmGcMetrics();
        closeable.add(gc);
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
        for (AutoCloseable binder : closeable) {
            try {
                binder.close();
            } catch (Exception e) {
                // undeploying: nothing to do
            }
        }
        registry.close();
    }
}
