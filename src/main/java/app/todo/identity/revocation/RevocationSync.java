package app.todo.identity.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import app.todo.platform.database.DatabaseFailures;

/**
 * Keeps this node's {@link RevocationView} in step with the store.
 * <ul>
 * <li>{@link Mode#LISTEN} (PostgreSQL, {@link SyncChoice}): {@link #run()} holds a connection of the pool that
 *     LISTENs on {@link RevocationStore#CHANNEL}, loads everything (after LISTEN, so nothing committed in between is
 *     missed), then applies each notice as it arrives (milliseconds after the writer's commit) and sends a
 *     heartbeat ({@code SELECT 1}) every {@code heartbeat}. A lost connection ends the loop; it reopens every
 *     {@code retry}, loading everything again each time. Meanwhile {@link #tick()} (every {@code retry} on the
 *     container's scheduler) polls: loads everything through the pool.</li>
 * <li>{@link Mode#POLL} (a database this node cannot LISTEN on, or not known yet): {@link #tick()} loads
 *     everything every {@code retry}.</li>
 * <li>{@link Mode#LOCAL} (H2 embedded in this process: one node): loaded once; afterwards every revocation goes
 *     through this node, which applies it to the view itself.</li>
 * </ul>
 * {@link #status()} says when the view was last known complete; the service refuses to use a view older than its
 * bound. Failures are logged once per cause (WARNING), the recovery once (INFO).
 */
public final class RevocationSync implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RevocationSync.class.getName());

    /** How the view learns the revocations of other nodes. */
    public enum Mode { LISTEN, POLL, LOCAL }

    /** The LISTEN connection (pgjdbc in production: {@link PostgresListener}). */
    public interface Listener {
        /** A new connection that already LISTENs on the channel. */
        Connection open() throws SQLException;

        /** The payloads of the notifications received, waiting at most {@code timeoutMillis} (0: none). */
        List<String> await(Connection connection, int timeoutMillis) throws SQLException;

        /** Gives up a connection {@link #open()} returned (it no longer listens); never throws. */
        void release(Connection connection);
    }

    private final RevocationStore store;
    private final RevocationView view;
    private final Listener listener;
    private final Mode mode;
    private final Clock clock;
    private final Duration retry;
    private final Duration heartbeat;
    private final Object wake = new Object();

    private volatile long lastSyncMillis = -1;
    private volatile String lastError = "not tried yet";
    private volatile boolean listening;
    private volatile boolean closed;
    private String loggedError;

    /**
     * @param listener  the LISTEN connection, or null for {@link Mode#POLL} / {@link Mode#LOCAL}
     * @param retry     how often a lost listener is reopened and the store polled meanwhile (1 s in production)
     * @param heartbeat how often the LISTEN connection proves itself alive (1 s in production)
     */
    public RevocationSync(RevocationStore store, RevocationView view, Mode mode, Listener listener, Clock clock,
                          Duration retry, Duration heartbeat) {
        if (mode == Mode.LISTEN && listener == null) {
            throw new IllegalArgumentException("LISTEN needs a listener");
        }
        this.store = store;
        this.view = view;
        this.mode = mode;
        this.listener = listener;
        this.clock = clock;
        this.retry = retry;
        this.heartbeat = heartbeat;
    }

    /** LISTEN on connections of the container's pool (pgjdbc); only once {@link #listenable} said yes. */
    public static Listener postgres(DataSource pool) {
        return new PostgresListener(pool);
    }

    /**
     * Whether this connection of the container's pool unwraps to pgjdbc's {@code PGConnection} as this application
     * sees it; false when it does not, or when the driver's classes are not visible to the application.
     */
    public static boolean listenable(Connection connection) {
        try {
            return PostgresListener.listenable(connection);
        } catch (SQLException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The scheduler's turn, every {@code retry}: loads everything through the pool when this node would otherwise
     * not learn new revocations (POLL always; LISTEN while the listener is down; LOCAL until the first load).
     *
     * @return whether the store answered, or nothing needed loading
     */
    public boolean tick() {
        if (closed || mode == Mode.LOCAL && lastSyncMillis >= 0 || mode == Mode.LISTEN && listening) {
            return true;
        }
        return poll();
    }

    /** Loads everything through the pool now. */
    public boolean poll() {
        long start = clock.millis();
        try {
            int rows = store.loadInto(view, Instant.ofEpochMilli(start));
            if (listening && mode == Mode.LISTEN) {
                return true; // the listener took over meanwhile and owns the status
            }
            synced(start, "revocations loaded (" + rows + " rows)");
            return true;
        } catch (SQLException | RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /** The LISTEN loop ({@link Mode#LISTEN}), until {@link #close()}; run it on a thread of its own. */
    @Override
    public void run() {
        while (!closed) {
            Connection connection = null;
            try {
                connection = listener.open();
                long start = clock.millis();
                int rows = store.loadInto(connection, view, Instant.ofEpochMilli(start));
                listening = true;
                synced(start, "listening for other nodes' revocations (" + rows + " rows loaded)");
                long lastBeat = start;
                while (!closed) {
                    apply(connection, listener.await(connection, 250));
                    long now = clock.millis();
                    if (now - lastBeat >= heartbeat.toMillis()) {
                        try (Statement beat = connection.createStatement()) {
                            beat.execute("SELECT 1");
                        }
                        apply(connection, listener.await(connection, 0)); // what arrived before the answer
                        lastBeat = now;
                        synced(now, null);
                    }
                }
            } catch (SQLException | RuntimeException | LinkageError e) {
                listening = false;
                if (!closed) {
                    failed(e);
                }
            } finally {
                if (connection != null) {
                    listener.release(connection);
                }
            }
            listening = false;
            pause(retry);
        }
    }

    private void apply(Connection connection, List<String> payloads) throws SQLException {
        for (String payload : payloads) {
            if (!Notices.apply(payload, view)) {
                LOG.warning("Revocation notice not understood; loading every revocation again");
                store.loadInto(connection, view, clock.instant());
            }
        }
    }

    private void synced(long atMillis, String how) {
        synchronized (this) {
            lastSyncMillis = Math.max(lastSyncMillis, atMillis);
            lastError = null;
            if (loggedError != null) {
                LOG.info("Revocation store reachable again: " + (how == null ? "synced" : how));
                loggedError = null;
            }
        }
    }

    private void failed(Throwable e) {
        String cause = DatabaseFailures.summary(e);
        lastError = cause;
        synchronized (this) {
            if (!cause.equals(loggedError)) {
                long last = lastSyncMillis;
                LOG.log(Level.WARNING, "Revocation store unreachable ({0}); using the revocations as of {1}; retrying"
                        + " every {2} s", new Object[] {cause, last < 0 ? "never (none loaded)" : Instant.ofEpochMilli(last),
                        retry.toSeconds()});
                loggedError = cause;
            } else {
                LOG.log(Level.FINE, "Revocation store still unreachable: {0}", cause);
            }
        }
    }

    private void pause(Duration duration) {
        synchronized (wake) {
            if (!closed) {
                try {
                    wake.wait(duration.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    /** Whether the LISTEN connection is up now (cheaper than {@link #status()}, which counts the view). */
    public boolean listening() {
        return listening;
    }

    /** How the view stands now. */
    public RevocationStatus status() {
        long last = lastSyncMillis;
        return new RevocationStatus(mode, listening, last < 0 ? null : Instant.ofEpochMilli(last), lastError,
                view.signOuts(), view.revokedTokens());
    }

    /** When the view was last known complete, epoch ms; -1 when never. For the per-request check. */
    public long lastSyncMillis() {
        return lastSyncMillis;
    }

    /** Ends the LISTEN loop (within about 250 ms). */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }
}
