package app.todo.identity.service;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import app.todo.identity.config.TokenSettings;
import app.todo.identity.token.TokenPolicy;
import app.todo.identity.revocation.RevocationStore;
import app.todo.identity.revocation.RevocationSync;
import app.todo.identity.revocation.RevocationView;
import app.todo.identity.token.RejectReason;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;
import app.todo.platform.database.DatabaseFailures;
import app.todo.platform.database.MeteredDataSource;
import app.todo.platform.database.SchemaMigration;
import app.todo.platform.logging.Logs;
import app.todo.platform.metrics.Metrics;

/**
 * Token revocation for the whole service (docs/api.md, "Revocation"; docs/architecture.md, "Revocation"): the two
 * revoke routes write through here, and {@link TokenService#verify} asks {@link #check} on every authenticated
 * request, cached token or not; the check reads only this node's {@link RevocationView}, which {@link RevocationSync}
 * keeps in step. While the store is unreachable the node checks against its view as of the last sync for at most
 * {@code TODO_REVOCATION_MAX_STALENESS}; past that, and before the first load, every /api request is refused with
 * 503 ({@link Unavailable}) and readiness is DOWN. A revocation that cannot be stored is not
 * made at all (503).
 */
@Readiness
@Default
@ApplicationScoped
public class RevocationService implements HealthCheck {

    private static final Logger LOG = Logs.logger(RevocationService.class);

    /**
     * The revocations cannot be checked: this node's view was never loaded, or (with other nodes) is older than the
     * configured bound. The request is refused with 503 and Retry-After, whatever its token.
     */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** How often a lost listener is reopened and the store polled meanwhile; also the listener's heartbeat. */
    static final Duration RETRY = Duration.ofSeconds(1);

    @Inject
    Config config;

    @Resource(lookup = MeteredDataSource.JNDI_NAME)
    DataSource dataSource;

    @Inject
    SchemaMigration schema;

    @Inject
    Metrics metrics;

    /** The container's scheduler and thread factory; an unresolved lookup fails the deployment, so never null. */
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private final Clock clock = Clock.systemUTC();
    private final RevocationView view = new RevocationView();
    private RevocationStore store;
    private volatile RevocationSync sync;
    private volatile RevocationSync.Choice choice;
    private volatile boolean undecided;
    private Duration leeway;
    private Duration maxLifetime;
    private long maxStalenessMillis;
    private String configurationProblem;
    private ScheduledFuture<?> ticks;
    private ScheduledFuture<?> purges;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // instantiates the bean at start-up: the view is loaded before the first request
    }

    @PostConstruct
    void init() {
        Duration purgeInterval;
        try {
            leeway = TokenSettings.duration(config, TokenSettings.LEEWAY, TokenPolicy.DEFAULT_LEEWAY);
            maxLifetime = TokenSettings.positive(config, TokenSettings.MAX_LIFETIME, TokenPolicy.DEFAULT_MAX_LIFETIME);
            Duration maxStaleness = TokenSettings.positive(config, TokenSettings.REVOCATION_MAX_STALENESS,
                    TokenSettings.DEFAULT_REVOCATION_MAX_STALENESS);
            purgeInterval = TokenSettings.positive(config, TokenSettings.REVOCATION_PURGE_INTERVAL,
                    TokenSettings.DEFAULT_REVOCATION_PURGE_INTERVAL);
            if (maxStaleness.compareTo(RETRY.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("TODO_REVOCATION_MAX_STALENESS must be at least 2s");
            }
            maxStalenessMillis = maxStaleness.toMillis();
        } catch (IllegalArgumentException e) {
            configurationProblem = e.getMessage();
            LOG.severe("Revocation configuration invalid, /api will refuse every request: " + configurationProblem);
            return;
        }
        store = new RevocationStore(MeteredDataSource.of(dataSource));
        migrateQuietly();
        RevocationSync.Choice choice = choose();
        if (choice == null) { // the database cannot be asked yet: poll, and decide once it answers (tick)
            choice = new RevocationSync.Choice(RevocationSync.Mode.POLL,
                    "database not reachable yet: polling every second until it says what it is");
            undecided = true;
        }
        this.choice = choice;
        use(choice.mode());
        try {
            ticks = scheduler.scheduleWithFixedDelay(this::tick, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            purges = scheduler.scheduleWithFixedDelay(this::purgeQuietly, purgeInterval.toMillis(),
                    purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.SEVERE, "Revocation sync could not be scheduled", e);
        }
        registerGauges();
        RevocationSync.Status loaded = sync.status();
        String why = choice.why();
        LOG.info(() -> "Token revocation ready: mode " + sync.mode() + " (" + why + "); "
                + (loaded.lastSync() == null ? "not loaded yet (" + loaded.lastError() + ")"
                : loaded.signOuts() + " sign-outs and " + loaded.tokens() + " revoked tokens loaded")
                + "; max staleness " + maxStalenessMillis / 1000 + " s");
    }

    /**
     * Asks a connection of the container's pool what database it is; null when none can be had. Through the circuit
     * breaker, as the polls go: while the database is known to be down this costs nothing and logs nothing.
     */
    private RevocationSync.Choice choose() {
        try (Connection connection = MeteredDataSource.of(dataSource).getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return RevocationSync.choose(meta.getDatabaseProductName(), meta.getURL(), RevocationSync.listenable(connection));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "Revocation sync mode not decided yet: {0}", DatabaseFailures.summary(e));
            return null;
        }
    }

    /**
     * Makes a sync in this mode the node's, loaded first on this thread (so the first request finds the view; bounded
     * by the pool's waits), its listener thread started in LISTEN; closes the one before.
     */
    private void use(RevocationSync.Mode mode) {
        RevocationSync next = new RevocationSync(store, view, mode, dataSource, clock, RETRY, RETRY);
        next.poll();
        RevocationSync before = sync;
        sync = next;
        if (before != null) {
            before.close();
        }
        if (next.mode() == RevocationSync.Mode.LISTEN) {
            Thread listener = threads.newThread(next);
            try {
                listener.setName("todo-revocation-listener");
            } catch (SecurityException e) {
                // a managed thread may keep the container's name
            }
            listener.start();
        }
    }

    /** Once the database answers after a start without it: the mode it calls for, loaded before it takes over. */
    private void decideLate() {
        RevocationSync.Choice decided = choose();
        if (decided == null) {
            return;
        }
        undecided = false;
        choice = decided;
        if (decided.mode() != sync.mode()) {
            use(decided.mode());
        }
        LOG.info("Token revocation: mode " + decided.mode() + " (" + decided.why() + ")");
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (purges != null) {
            purges.cancel(false);
        }
        RevocationSync current = sync;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Refuses a verified token that is revoked ({@link RejectReason#REVOKED}, a 401), or any token when the view
     * cannot be trusted (a 503). Reads memory only.
     *
     * @throws TokenRejectedException           revoked: issued at or before the user's sign-out, or revoked itself
     * @throws Unavailable the view was never loaded, or is older than the staleness bound
     */
    public void check(TokenPrincipal principal) throws TokenRejectedException, Unavailable {
        RevocationSync current = sync;
        long last = current == null ? -1 : current.lastSyncMillis();
        if (last < 0) {
            throw new Unavailable(current == null ? "revocation configuration invalid: "
                    + configurationProblem : "revocations not loaded yet");
        }
        if (current.mode() != RevocationSync.Mode.LOCAL && clock.millis() - last > maxStalenessMillis) {
            throw new Unavailable("revocations last synced at " + Instant.ofEpochMilli(last)
                    + ", longer ago than TODO_REVOCATION_MAX_STALENESS");
        }
        if (view.isRevoked(principal)) {
            throw new TokenRejectedException(RejectReason.REVOKED, "token revoked");
        }
    }

    /**
     * "Sign out everywhere": every token of this user whose iat, in whole seconds, is at or before the current second
     * (or the calling token's iat, if later) is refused from now on (a token minted later within the same second
     * too: iat cannot tell them apart). Stored, announced to the other nodes, then applied to this node's view.
     *
     * @throws SQLException nothing was revoked: the store could not be written (503 when unreachable, by the platform's
     *                      mapper)
     */
    public void signOut(String userId, Instant callerIssuedAt) throws SQLException {
        // An issuer whose clock runs ahead may stamp the calling token later than this node's now: the calling token
        // is signed out all the same (and, with it, anything that issuer minted up to that iat).
        long second = Math.max(clock.instant().getEpochSecond(), callerIssuedAt.getEpochSecond());
        Instant keepUntil = Instant.ofEpochSecond(second).plus(maxLifetime).plus(leeway);
        store.signOut(userId, second, keepUntil);
        view.signOut(userId, second);
    }

    /**
     * Revokes this one token until its exp + leeway (by jti, else by the digest of its text).
     *
     * @throws SQLException nothing was revoked: the store could not be written (503 when unreachable)
     */
    public void revoke(TokenPrincipal principal) throws SQLException {
        Instant until = principal.expiresAt().plus(leeway);
        store.revokeToken(principal.userId(), principal.revocationKey(), until, clock.instant());
        view.revoke(principal.userId(), principal.revocationKey(), until.toEpochMilli());
    }

    /**
     * {@code todo_revocation_sync_lag_seconds}: seconds since this node's view of the revocations was last known
     * complete (about 1 s at most while the store answers; 0 on a single H2 node; -1 before the first load);
     * {@code todo_revocation_listener_up}: 1 while the LISTEN connection is up; {@code todo_revocations_held{kind}}.
     */
    private void registerGauges() {
        MeterRegistry registry = metrics.registry();
        Gauge.builder("todo_revocation_sync_lag", () -> status().lagSeconds(clock.instant())).baseUnit("seconds")
                .description("Seconds since the revocation view was last known complete; -1 before the first load")
                .register(registry);
        Gauge.builder("todo_revocation_listener_up", () -> status().listening() ? 1 : 0)
                .description("1 while the PostgreSQL LISTEN connection of the revocations is up").register(registry);
        Gauge.builder("todo_revocations_held", () -> status().signOuts()).tag("kind", "sign_out")
                .description("Revocations in this node's view").register(registry);
        Gauge.builder("todo_revocations_held", () -> status().tokens()).tag("kind", "token")
                .description("Revocations in this node's view").register(registry);
    }

    /** How the view stands; for readiness and metrics. */
    RevocationSync.Status status() {
        RevocationSync current = sync;
        return current == null ? null : current.status();
    }

    /**
     * Readiness {@code token-revocation}: UP with {@code revocations: "ok: …"} or {@code "stale since …"} while the
     * view may be used, DOWN with the reason past TODO_REVOCATION_MAX_STALENESS or before the first load; always with
     * {@code mode} and why.
     */
    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("token-revocation");
        if (configurationProblem != null) {
            return response.down().withData("reason", configurationProblem).build();
        }
        RevocationSync.Status status = status();
        RevocationSync.Choice current = choice;
        if (current != null) {
            response.withData("mode", current.mode().name().toLowerCase(Locale.ROOT) + ": " + current.why());
        }
        Instant now = Instant.now();
        if (status == null || !status.usable(now, Duration.ofMillis(maxStalenessMillis))) {
            return response.down().withData("reason", status == null ? "not started"
                    : "revocations " + status.describe(now) + "; older than TODO_REVOCATION_MAX_STALENESS ("
                    + maxStalenessMillis / 1000 + " s): /api answers 503").build();
        }
        return response.up().withData("revocations", status.describe(now)).build();
    }

    private void tick() {
        try {
            if (undecided) {
                decideLate();
            }
            if (sync.lastSyncMillis() < 0 || !sync.listening()) {
                migrateQuietly(); // a node started without its database migrates once it answers
            }
            sync.tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Revocation sync failed unexpectedly", e); // and ticks on
        }
    }

    private void purgeQuietly() {
        Instant now = clock.instant();
        int memory = view.purge(now, now.minus(maxLifetime).minus(leeway));
        try {
            int rows = store.purge(now);
            LOG.fine(() -> "Revocations purged: " + rows + " rows, " + memory + " in memory");
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "Revocation purge failed, next in one interval: {0}", DatabaseFailures.summary(e));
        }
    }

    private void migrateQuietly() {
        try {
            schema.ensureCurrent();
        } catch (RuntimeException e) {
            // the load that follows fails too and reports why
        }
    }
}
