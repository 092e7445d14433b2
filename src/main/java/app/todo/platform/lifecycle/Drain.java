package app.todo.platform.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import app.todo.platform.logging.Logs;

/**
 * Graceful shutdown. On SIGTERM (any JVM shutdown) the node starts draining: {@link DrainFilter} answers every new
 * {@code /api} request 503 problem+json with {@code Retry-After} and {@code Connection: close}, the readiness check
 * {@code shutdown} ({@link Check}) turns DOWN, and the requests already in flight run to their end, for
 * {@link #WAIT} at the most; then the server undeploys the application and closes its port (Payara Micro after its
 * {@code --shutdowngrace}, WildFly after its suspend; what each answers meanwhile: docs/architecture.md, "Stop").
 *
 * <p>Registered as the application starts (a JVM shutdown hook, removed again when the application is undeployed
 * without a shutdown). The state is static: one application per server process.
 */
@WebListener
public class Drain implements ServletContextListener {

    private static final Logger LOG = Logs.logger(Drain.class);

    /** How long requests in flight may run after SIGTERM; below Payara's 5 s grace, so the port closes first. */
    static final Duration WAIT = Duration.ofSeconds(4);

    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final Object DONE = new Object();
    private static volatile boolean draining;

    private Thread hook;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        reset();
        hook = new Thread(Drain::drain, "todo-drain");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running already
        }
    }

    /** Serving, nothing counted: as the application starts (and between tests). */
    static void reset() {
        draining = false;
        IN_FLIGHT.set(0);
    }

    /** Readiness {@code shutdown}: DOWN from the moment the node starts draining, UP before. */
    @Readiness
    @ApplicationScoped
    public static class Check implements HealthCheck { // not the listener: a servlet listener may not be normal-scoped

        @Override
        public HealthCheckResponse call() {
            var response = HealthCheckResponse.named("shutdown");
            return draining ? response.down().withData("reason", "shutting down").build() : response.up().build();
        }
    }

    /** True once shutdown has begun: new requests are refused. */
    public static boolean draining() {
        return draining;
    }

    /**
     * Counts a request in, unless the node is draining.
     *
     * @return false when draining: the caller refuses the request and must not call {@link #leave()}
     */
    static boolean enter() {
        if (draining) {
            return false;
        }
        IN_FLIGHT.incrementAndGet();
        if (draining) { // began between the check and the count: refuse, so the drain never waits for this one
            leave();
            return false;
        }
        return true;
    }

    /** Counts a request out (after {@link #enter()} returned true). */
    static void leave() {
        if (IN_FLIGHT.decrementAndGet() == 0 && draining) {
            synchronized (DONE) {
                DONE.notifyAll();
            }
        }
    }

    /** Requests counted in and not yet out. */
    static int inFlight() {
        return IN_FLIGHT.get();
    }

    /** Starts draining and waits up to {@code wait} for the requests in flight; true when none is left. */
    static boolean begin(Duration wait) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (DONE) {
            while (IN_FLIGHT.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                DONE.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private static void drain() {
        LOG.log(Level.INFO, "Shutting down: refusing new /api requests with 503, {0} in flight", IN_FLIGHT.get());
        try {
            if (begin(WAIT)) {
                LOG.info("Shutting down: every request in flight has finished");
            } else {
                LOG.log(Level.WARNING, "Shutting down: {0} requests still in flight after {1} s",
                        new Object[] {IN_FLIGHT.get(), WAIT.toSeconds()});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
