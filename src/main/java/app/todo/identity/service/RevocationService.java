package app.todo.identity.service;

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
 * Token revocation for the whole service (docs/api.md and docs/architecture.md, "Revocation"): the two revoke routes
 * write through here, and {@link TokenService#verify} asks {@link #check} on every authenticated request, cached token
 * or not, against this node's {@link RevocationView}, which {@link RevocationSync} keeps in step. Readiness
 * {@code token-revocation}; the revocation gauges.
 */
@Readiness
@Default
@ApplicationScoped
public class RevocationService implements HealthCheck {

    private static final Logger LOG = Logs.logger(RevocationService.class);

    /** The view was never loaded, or is older than TODO_REVOCATION_MAX_STALENESS: a 503, whatever the token. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** How often a lost listener is reopened and the store polled meanwhile; also the listener's heartbeat. */
    private static final Duration RETRY = Duration.ofSeconds(1);

    @Inject
    Config config;

    @Resource(lookup = MeteredDataSource.JNDI_NAME)
    DataSource dataSource;

    @Inject
    SchemaMigration schema;

    @Inject
    Metrics metrics;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private final Clock clock = Clock.systemUTC();
    private final RevocationView view = new RevocationView();
    private RevocationStore store;
    private volatile RevocationSync sync;
    private Duration leeway;
    private Duration maxLifetime;
    private long maxStalenessMillis;
    private String configurationProblem;
    private ScheduledFuture<?> ticks;
    private ScheduledFuture<?> purges;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) { // loads the view before any request
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
        sync = new RevocationSync(store, view, dataSource, threads, clock, RETRY);
        sync.start();
        try {
            ticks = scheduler.scheduleWithFixedDelay(this::tick, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            purges = scheduler.scheduleWithFixedDelay(this::purgeQuietly, purgeInterval.toMillis(),
                    purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.SEVERE, "Revocation sync could not be scheduled", e);
        }
        registerGauges();
        RevocationSync.Status loaded = sync.status();
        RevocationSync.Choice choice = sync.choice();
        LOG.info(() -> "Token revocation ready: mode " + choice.mode() + " (" + choice.why() + "); "
                + (loaded.lastSync() == null ? "not loaded yet (" + loaded.lastError() + ")"
                : loaded.signOuts() + " sign-outs and " + loaded.tokens() + " revoked tokens loaded")
                + "; max staleness " + maxStalenessMillis / 1000 + " s");
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (purges != null) {
            purges.cancel(false);
        }
        if (sync != null) {
            sync.close();
        }
    }

    /**
     * Reads memory only.
     *
     * @throws TokenRejectedException {@link RejectReason#REVOKED}: issued at or before the user's sign-out, or revoked
     * @throws Unavailable            the view was never loaded, or is older than the staleness bound
     */
    public void check(TokenPrincipal principal) throws TokenRejectedException, Unavailable {
        RevocationSync current = sync;
        long last = current == null ? -1 : current.lastSyncMillis();
        if (last < 0) {
            throw new Unavailable(current == null ? "revocation configuration invalid: "
                    + configurationProblem : "revocations not loaded yet");
        }
        if (current.choice().mode() != RevocationSync.Mode.LOCAL && clock.millis() - last > maxStalenessMillis) {
            throw new Unavailable("revocations last synced at " + Instant.ofEpochMilli(last)
                    + ", longer ago than TODO_REVOCATION_MAX_STALENESS");
        }
        if (view.isRevoked(principal)) {
            throw new TokenRejectedException(RejectReason.REVOKED, "token revoked");
        }
    }

    /**
     * "Sign out everywhere": every token of this user whose iat, in whole seconds, is at or before the current second
     * (or the calling token's iat, if an issuer's clock ahead stamped it later) is refused from now on; stored,
     * announced to the other nodes, then applied to this node's view.
     *
     * @throws SQLException nothing was revoked: the store could not be written (503 when unreachable)
     */
    public void signOut(String userId, Instant callerIssuedAt) throws SQLException {
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

    private void registerGauges() {
        MeterRegistry registry = metrics.registry();
        Gauge.builder("todo_revocation_sync_lag", () -> sync.status().lagSeconds(clock.instant())).baseUnit("seconds")
                .description("Seconds since the revocation view was last known complete; -1 before the first load")
                .register(registry);
        Gauge.builder("todo_revocation_listener_up", () -> sync.listening() ? 1 : 0)
                .description("1 while the PostgreSQL LISTEN connection of the revocations is up").register(registry);
        Gauge.builder("todo_revocations_held", () -> sync.status().signOuts()).tag("kind", "sign_out")
                .description("Revocations in this node's view").register(registry);
        Gauge.builder("todo_revocations_held", () -> sync.status().tokens()).tag("kind", "token")
                .description("Revocations in this node's view").register(registry);
    }

    /** UP with {@code revocations: "ok: …"} or {@code "stale since …"}, else DOWN with why; always the mode. */
    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("token-revocation");
        if (configurationProblem != null) {
            return response.down().withData("reason", configurationProblem).build();
        }
        RevocationSync.Choice choice = sync.choice();
        response.withData("mode", choice.mode().name().toLowerCase(Locale.ROOT) + ": " + choice.why());
        RevocationSync.Status status = sync.status();
        Instant now = Instant.now();
        if (!status.usable(now, Duration.ofMillis(maxStalenessMillis))) {
            return response.down().withData("reason", "revocations " + status.describe(now) + "; older than "
                    + "TODO_REVOCATION_MAX_STALENESS (" + maxStalenessMillis / 1000 + " s): /api answers 503").build();
        }
        return response.up().withData("revocations", status.describe(now)).build();
    }

    private void tick() {
        try {
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
