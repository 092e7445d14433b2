package app.todo.identity.revocation;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.common.BaseDataSource;

import app.todo.platform.database.DatabaseFailures;
import app.todo.platform.logging.Logs;

/**
 * Keeps this node's {@link RevocationView} in step with the store, in the {@link Mode} the database calls for
 * ({@link #choose}; until it first answers, POLL): {@link Mode#LISTEN}: {@link #run()}, on a thread of its own,
 * LISTENs on {@link RevocationStore#CHANNEL}, loads everything (after LISTEN, so nothing committed in between is
 * missed), applies each notice as it arrives and sends a heartbeat every {@code retry}; a lost connection reopens
 * every {@code retry}, and meanwhile {@link #tick()} polls. {@link Mode#POLL}: {@link #tick()} loads everything every
 * {@code retry}. {@link Mode#LOCAL}: loaded once. Failures are logged once per cause (WARNING), the recovery once
 * (INFO). docs/architecture.md, "Revocation".
 */
public final class RevocationSync implements Runnable, AutoCloseable {

    private static final Logger LOG = Logs.logger(RevocationSync.class);

    public enum Mode { LISTEN, POLL, LOCAL }

    /** A mode, and why: one line for the log and readiness. */
    public record Choice(Mode mode, String why) {
    }

    private static final Choice UNDECIDED = new Choice(Mode.POLL,
            "database not reachable yet: polling every second until it says what it is");

    /**
     * The mode the database behind {@code jdbc/todo} calls for, from its own JDBC metadata (docs/architecture.md,
     * "Mode"): PostgreSQL with a reachable driver connection LISTEN, H2 embedded in this process (no AUTO_SERVER)
     * LOCAL, anything else POLL: never a single-node view of a database other processes may share.
     *
     * @param productName {@code DatabaseMetaData.getDatabaseProductName()}
     * @param url         {@code DatabaseMetaData.getURL()}, or null when the driver does not say
     * @param listenable  whether the connection unwraps to pgjdbc's {@code PGConnection} ({@link #listenable})
     */
    public static Choice choose(String productName, String url, boolean listenable) {
        String product = productName == null ? "" : productName.strip();
        if (product.equalsIgnoreCase("PostgreSQL")) {
            return listenable
                    ? new Choice(Mode.LISTEN, "PostgreSQL LISTEN/NOTIFY on " + RevocationStore.CHANNEL)
                    : new Choice(Mode.POLL, "PostgreSQL, but its driver's PGConnection is not "
                            + "reachable from the application (class loading or a wrapper): polling every second");
        }
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (product.equalsIgnoreCase("H2") && lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:")
                && !lower.startsWith("jdbc:h2:ssl:") && !lower.replace(" ", "").contains(";auto_server=true")) {
            return new Choice(Mode.LOCAL, "H2 embedded in this process: one node, in memory");
        }
        return new Choice(Mode.POLL, (product.isEmpty() ? "an unnamed database" : product)
                + " that other processes may share: polling every second");
    }

    /**
     * How this node's view of the revocations stands, for readiness, metrics and the log.
     *
     * @param lastSync  the last moment the view was known to hold every committed revocation; null when never
     * @param lastError why the last attempt to reach the store failed (class and SQL state only: never SQL, a URL or
     *                  a password); null when the last attempt worked
     * @param signOuts  sign-outs held; {@code tokens}: revoked tokens held
     */
    public record Status(Mode mode, boolean listening, Instant lastSync, String lastError, int signOuts, int tokens) {

        /** A view older than this is reported as stale (the sync looks every second). */
        static final Duration FRESH = Duration.ofSeconds(3);

        /** Whether the view may be used at {@code now}: loaded once, and (with other nodes) synced within the bound. */
        public boolean usable(Instant now, Duration maxStaleness) {
            return lastSync != null && (mode == Mode.LOCAL || !now.isAfter(lastSync.plus(maxStaleness)));
        }

        /** Seconds since the view was last known complete; 0 on a single node once loaded; -1 when never loaded. */
        public double lagSeconds(Instant now) {
            if (lastSync == null) {
                return -1;
            }
            return mode == Mode.LOCAL ? 0 : Math.max(0, Duration.between(lastSync, now).toMillis() / 1000.0);
        }

        /** One line for readiness: {@code ok: …}, {@code stale since …}, or why the view was never loaded. */
        public String describe(Instant now) {
            String held = signOuts + " sign-outs, " + tokens + " revoked tokens";
            if (lastSync == null) {
                return "not loaded yet (" + lastError + ")";
            }
            if (!usable(now, FRESH)) {
                return "stale since " + lastSync + " (" + lastError + "); " + held;
            }
            String how = switch (mode) {
                case LOCAL -> "single node, in memory";
                case LISTEN -> listening ? "listening" : "polling every second, listener down";
                case POLL -> "polling every second";
            };
            return "ok: " + how + ", synced at " + lastSync + "; " + held;
        }
    }

    private final RevocationStore store;
    private final RevocationView view;
    private final DataSource pool;
    private final ThreadFactory threads;
    private final Clock clock;
    private final Duration retry;
    /** Counted down by {@link #close()}: ends a pause at once. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private volatile Choice choice = UNDECIDED;
    /** pgjdbc's own DataSource behind the pool, or null; set before the listener's thread starts. */
    private BaseDataSource driver;
    private volatile long lastSyncMillis = -1;
    private volatile String lastError = "not tried yet";
    private volatile boolean listening;
    private volatile boolean closed;
    private String loggedError;

    /**
     * @param pool      the container's {@code jdbc/todo} (not a metered wrapper), LISTENed on in {@link Mode#LISTEN}
     * @param threads   starts the LISTEN loop's thread
     * @param retry     how often a lost listener is reopened and the store polled meanwhile, and the LISTEN
     *                  connection's heartbeat (1 s in production)
     */
    public RevocationSync(RevocationStore store, RevocationView view, DataSource pool, ThreadFactory threads,
                          Clock clock, Duration retry) {
        this.store = store;
        this.view = view;
        this.pool = pool;
        this.threads = threads;
        this.clock = clock;
        this.retry = retry;
    }

    /** Decides the mode if the database answers, then loads everything on the calling thread. */
    public void start() {
        decide();
        poll();
    }

    /**
     * Asks a connection of the store's pool (through the circuit breaker) what database it is, and in LISTEN starts
     * the listener's thread; false when no connection can be had.
     */
    private boolean decide() {
        try (Connection connection = store.dataSource().getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            choice = choose(meta.getDatabaseProductName(), meta.getURL(), listenable(connection));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "Revocation sync mode not decided yet: {0}", DatabaseFailures.summary(e));
            return false;
        }
        if (choice.mode() == Mode.LISTEN) {
            driver = driver(pool);
            Thread thread = threads.newThread(this);
            try {
                thread.setName("todo-revocation-listener");
            } catch (SecurityException e) {
                // a managed thread may keep the container's name
            }
            thread.start();
        }
        return true;
    }

    /**
     * Whether the connection unwraps to pgjdbc's {@code PGConnection}: false also when its classes are not visible.
     * pgjdbc is the server's driver, not in the WAR: the members that use it run in LISTEN only, chosen here.
     */
    private static boolean listenable(Connection connection) {
        try {
            return connection.isWrapperFor(PGConnection.class);
        } catch (SQLException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * pgjdbc's own {@code DataSource} behind the container's {@code jdbc/todo} where it unwraps to it (Payara: LISTEN
     * connections opened beside the pool, whose validation or re-creation never touches them), else null: the pool's
     * connections, held (docs/architecture.md, "Propagation").
     */
    private static BaseDataSource driver(DataSource pool) {
        try {
            return pool.isWrapperFor(BaseDataSource.class) ? pool.unwrap(BaseDataSource.class) : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private Connection openListening() throws SQLException {
        Connection connection = driver != null ? driver.getConnection() : pool.getConnection();
        try (Statement listen = connection.createStatement()) {
            connection.unwrap(PGConnection.class);
            listen.execute("LISTEN " + RevocationStore.CHANNEL);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** The payloads of the notifications received, waiting at most {@code timeoutMillis} (0: none). */
    private static List<String> notices(Connection connection, int timeoutMillis) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        PGNotification[] received = timeoutMillis > 0 ? pg.getNotifications(timeoutMillis) : pg.getNotifications();
        return received == null ? List.of() : Stream.of(received).map(PGNotification::getParameter).toList();
    }

    /**
     * Stops listening before the connection goes back to the pool (a pooled connection still LISTENing would
     * collect notifications nobody reads), then gives it back; a broken one the pool's validation discards.
     */
    private static void release(Connection connection) {
        try (connection; Statement unlisten = connection.createStatement()) {
            unlisten.execute("UNLISTEN *");
        } catch (SQLException | RuntimeException e) {
            // broken or closed: the pool validates it before anyone else gets it
        }
    }

    public Choice choice() {
        return choice;
    }

    /**
     * The scheduler's turn, every {@code retry}: decides the mode once the database first answers, and loads
     * everything through the pool when this node would otherwise not learn new revocations (POLL always; LISTEN
     * while the listener is down; LOCAL until the first load).
     */
    public void tick() {
        if (closed) {
            return;
        }
        if (choice == UNDECIDED && decide()) {
            LOG.info("Token revocation: mode " + choice.mode() + " (" + choice.why() + ")");
        }
        Mode mode = choice.mode();
        if (!(mode == Mode.LOCAL && lastSyncMillis >= 0) && !(mode == Mode.LISTEN && listening)) {
            poll();
        }
    }

    private void poll() {
        long start = clock.millis();
        try {
            int rows = store.loadInto(view, Instant.ofEpochMilli(start));
            if (!listening) { // else the listener took over meanwhile and owns the status
                synced(start, "revocations loaded (" + rows + " rows)");
            }
        } catch (SQLException | RuntimeException e) {
            failed(e);
        }
    }

    /** The LISTEN loop, until {@link #close()}, on the thread {@link #decide} started. */
    @Override
    public void run() {
        while (!closed) {
            Connection connection = null;
            try {
                connection = openListening();
                long start = clock.millis();
                int rows = store.loadInto(connection, view, Instant.ofEpochMilli(start));
                listening = true;
                synced(start, "listening for other nodes' revocations (" + rows + " rows loaded)");
                long lastBeat = start;
                while (!closed) {
                    apply(connection, notices(connection, 250));
                    long now = clock.millis();
                    if (now - lastBeat >= retry.toMillis()) {
                        try (Statement beat = connection.createStatement()) {
                            beat.execute("SELECT 1");
                        }
                        apply(connection, notices(connection, 0)); // what arrived before the answer
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
                    release(connection);
                }
            }
            listening = false;
            pause(retry);
        }
    }

    private void apply(Connection connection, List<String> payloads) throws SQLException {
        for (String payload : payloads) {
            if (!view.apply(payload)) {
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
        try {
            closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Whether the LISTEN connection is up now (cheaper than {@link #status()}, which counts the view). */
    public boolean listening() {
        return listening;
    }

    public Status status() {
        long last = lastSyncMillis;
        return new Status(choice.mode(), listening, last < 0 ? null : Instant.ofEpochMilli(last), lastError,
                view.signOuts(), view.revokedTokens());
    }

    /** When the view was last known complete, epoch ms; -1 when never (the per-request check). */
    public long lastSyncMillis() {
        return lastSyncMillis;
    }

    /** Ends the LISTEN loop (within about 250 ms). */
    @Override
    public void close() {
        closed = true;
        closing.countDown();
    }
}
