package app.todo.identity.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import app.todo.platform.logging.Logs;

/**
 * Keeps the JWKS fresh: fetches once at start, then looks every {@code retry} whether a fetch is due:
 * {@code interval} after the last good one, or {@code retry} after a failed one (whoever made it, the
 * schedule or a request with an unknown kid). So a node that started before the auth server, or lost
 * it, recovers within seconds instead of a full interval. (jose4j's {@code HttpsJwks} has no schedule: it
 * refetches on a request's thread once its cache has expired, so readiness could not say whether keys were ever
 * fetched before the first token came.)
 */
public final class JwksRefresher implements AutoCloseable {

    private static final Logger LOG = Logs.logger(JwksRefresher.class);

    private final JwksKeys keys;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration interval;
    private final Duration retry;
    private volatile ScheduledFuture<?> ticks;

    public JwksRefresher(JwksKeys keys, ScheduledExecutorService scheduler, Clock clock, Duration interval, Duration retry) {
        this.keys = keys;
        this.scheduler = scheduler;
        this.clock = clock;
        this.interval = interval;
        this.retry = retry;
    }

    /** Fetches once on the calling thread (bounded by the fetch timeouts), then keeps the keys fresh. */
    public void start() {
        keys.refresh();
        try {
            ticks = scheduler.scheduleWithFixedDelay(this::tick, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "JWKS refresh could not be scheduled; keys refresh on unknown kids only", e);
        }
    }

    /** Whether a fetch is due now. */
    boolean due(JwksStatus status, Instant now) {
        if (status.lastAttempt() == null) {
            return true;
        }
        if (!status.everFetched() || status.stale()) {
            return !now.isBefore(status.lastAttempt().plus(retry));
        }
        return !now.isBefore(status.lastSuccess().plus(interval));
    }

    private void tick() {
        try {
            if (due(keys.status(), clock.instant())) {
                keys.refresh();
            }
        } catch (RuntimeException e) {
            // An exception would end a periodic task for good; log it and tick on.
            LOG.log(Level.WARNING, "JWKS refresh failed unexpectedly", e);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> pending = ticks;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
