package app.todo.identity;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refreshes the JWKS on a schedule: once at start, then every {@code interval} while fetches
 * succeed, and every {@code retry} (the refetch throttle's interval) after a failure, so a node that
 * started before the auth server, or lost it, recovers within seconds instead of one full interval.
 */
final class JwksRefresher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JwksRefresher.class.getName());

    private final JwksKeys keys;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final Duration retry;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> next;

    JwksRefresher(JwksKeys keys, ScheduledExecutorService scheduler, Duration interval, Duration retry) {
        this.keys = keys;
        this.scheduler = scheduler;
        this.interval = interval;
        this.retry = retry;
    }

    /** Fetches once on the calling thread (bounded by the fetch timeouts), then keeps refreshing. */
    void start() {
        run();
    }

    /** When the next refresh is due after a fetch that succeeded or failed. */
    Duration delayAfter(boolean succeeded) {
        return succeeded ? interval : retry;
    }

    private void run() {
        boolean ok = false;
        try {
            ok = keys.refresh();
        } finally {
            scheduleNext(delayAfter(ok));
        }
    }

    private void scheduleNext(Duration delay) {
        if (closed) {
            return;
        }
        try {
            next = scheduler.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "JWKS refresh could not be scheduled; keys refresh on unknown kids only", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
