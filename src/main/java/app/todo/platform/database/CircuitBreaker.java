package app.todo.platform.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import app.todo.platform.logging.Logs;

/**
 * What every request of a node knows about the database: once one request could not get a connection because the
 * database cannot be reached ({@link DatabaseFailures#isConnectionFailure}), the breaker is open and every request
 * for a connection is refused at once, without touching the pool, except one probe per {@code probeInterval}
 * (500 ms in {@link MeteredDataSource}), which goes to the pool as usual: when it gets a connection the breaker
 * closes and everyone goes to the database again. So during an outage a node answers 503 at once however many
 * requests are in flight, and it serves again within one probe interval (plus the probe's connection time) of
 * the database returning. A pool that is merely exhausted (no free connection within its wait) does not open it.
 *
 * <p>A database that goes silent (a partition, a frozen server) fails nothing at first: connections hang until the
 * driver's socket or login timeout. So the breaker also opens when a request for a connection has been under way
 * for longer than {@code stallAfter} (1.5 s in {@link MeteredDataSource}: above the pool's 1 s wait, so a busy
 * pool never opens it); that request keeps waiting for its own timeout, and closes the breaker if it succeeds.
 *
 * <p>Thread-safe; one probe at a time. The clock is {@link System#nanoTime()} unless a test gives another.
 */
// Kept over MicroProfile Fault Tolerance's @CircuitBreaker/@Timeout: those count a call only when it returns, so they cannot open on a connection still hanging (the 1.5 s stall rule; an interrupt does not free a thread in a socket read), and Payara's interceptor cost 6.7 % of a listing's request CPU against this class's 0.2 % (async-profiler, one profile of both, machine shared; docs/reliability.md#the-circuit-breaker-and-microprofile-fault-tolerance).
final class CircuitBreaker {

    private static final Logger LOG = Logs.logger(CircuitBreaker.class);

    /** Getting a connection. */
    interface Call<T> {
        T run() throws SQLException;
    }

    private final long probeIntervalNanos;
    private final long stallNanos;
    private final LongSupplier clock;
    private final java.util.Map<Object, Long> underWay = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean open;
    private volatile long openedAt;
    private volatile long nextProbe;
    private volatile String cause = "";
    /** When it last closed (or was made): a call under way since before then says nothing of the database now. */
    private volatile long closedAt;

    /**
     * @param probeInterval time between two probes while open
     * @param stallAfter    a request for a connection under way this long opens the breaker
     * @param nanoClock     a monotonic clock in nanoseconds
     */
    CircuitBreaker(Duration probeInterval, Duration stallAfter, LongSupplier nanoClock) {
        this.probeIntervalNanos = probeInterval.toNanos();
        this.stallNanos = stallAfter.toNanos();
        this.clock = nanoClock;
        this.closedAt = nanoClock.getAsLong();
    }

    /** True while requests are refused without going to the database. */
    boolean isOpen() {
        return open;
    }

    /** Why it opened: the class and SQL state of the failure (for readiness and the log); empty while closed. */
    String cause() {
        return open ? cause : "";
    }

    /**
     * Runs the call while closed, or as the probe when one is due; otherwise refuses at once.
     *
     * @throws SQLTransientConnectionException (SQL state 08001) when refused without trying: the breaker is open
     *                                         and this caller is not the probe
     * @throws SQLException                    or a RuntimeException: the call's own failure, which opens the breaker
     *                                         (or keeps it open) when it is a connection failure
     */
    <T> T call(Call<T> work) throws SQLException {
        if (!open) {
            if (!stalled()) {
                return tried(work, false);
            }
            failed(new SQLTransientConnectionException("no connection within "
                    + stallNanos / 1_000_000 + " ms", "08001"));
        }
        if (clock.getAsLong() - nextProbe < 0 || !probing.compareAndSet(false, true)) {
            throw refusal();
        }
        try {
            return tried(work, true);
        } finally {
            probing.set(false);
        }
    }

    /**
     * Whether a call begun since the breaker last closed has been under way for longer than the stall limit (one
     * still hanging from before a good probe would otherwise open it again at once, until it timed out).
     */
    private boolean stalled() {
        long now = clock.getAsLong();
        long since = closedAt;
        for (long started : underWay.values()) {
            if (started - since >= 0 && now - started > stallNanos) {
                return true;
            }
        }
        return false;
    }

    private <T> T tried(Call<T> work, boolean probe) throws SQLException {
        T result;
        Object self = new Object();
        underWay.put(self, clock.getAsLong());
        try {
            result = work.run();
        } catch (SQLException | RuntimeException e) {
            if (DatabaseFailures.isConnectionFailure(e)) {
                failed(e);
            } else if (probe) {
                nextProbe = clock.getAsLong() + probeIntervalNanos; // e.g. the pool's wait: probe again later
            }
            throw e;
        } finally {
            underWay.remove(self);
        }
        if (open) {
            closed();
        }
        return result;
    }

    private synchronized void failed(Throwable e) {
        long now = clock.getAsLong();
        nextProbe = now + probeIntervalNanos;
        if (!open) {
            cause = DatabaseFailures.summary(e);
            openedAt = now;
            open = true;
            LOG.log(Level.WARNING, "Database unreachable ({0}): refusing requests at once, probing every {1} ms",
                    new Object[] {cause, probeIntervalNanos / 1_000_000});
        } else {
            LOG.log(Level.FINE, "Database probe failed: {0}", DatabaseFailures.summary(e));
        }
    }

    private synchronized void closed() {
        if (open) {
            closedAt = clock.getAsLong();
            open = false;
            LOG.log(Level.INFO, "Database reachable again after {0} ms", (clock.getAsLong() - openedAt) / 1_000_000);
        }
    }

    private SQLTransientConnectionException refusal() {
        return new SQLTransientConnectionException("database unreachable (" + cause + "); next probe in "
                + Math.max(0, (nextProbe - clock.getAsLong()) / 1_000_000) + " ms", "08001");
    }
}
