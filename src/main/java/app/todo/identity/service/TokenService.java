package app.todo.identity.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import app.todo.identity.config.TokenSettings;
import app.todo.identity.keys.JwksFetcher;
import app.todo.identity.keys.JwksKeys;
import app.todo.identity.keys.SharedSecrets;
import app.todo.identity.token.ClaimRules;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;
import app.todo.identity.token.TokenVerifier;
import app.todo.identity.token.TokenVerifier.VerificationKeys;
import app.todo.identity.token.VerifiedTokens;
import app.todo.platform.logging.Logs;

/**
 * Builds the token verifier from the configuration once, at start-up (docs/architecture.md, "Token configuration"):
 * an unusable configuration is logged in one SEVERE line and kept as the reason, so /api answers 503 and readiness
 * is DOWN. With {@code TODO_JWKS_URL} it also starts the JWKS schedule. Readiness {@code token-verification}: UP
 * when tokens can be verified and, with a JWKS, one fetch of it succeeded (a stale JWKS stays UP and says since when).
 */
@Readiness
@Default
@ApplicationScoped
public class TokenService implements HealthCheck {

    private static final Logger LOG = Logs.logger(TokenService.class);

    @Inject
    Config config;

    @Inject
    RevocationService revocations;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private TokenVerifier verifier;
    private VerifiedTokens verified;
    private String configurationProblem;
    private JwksKeys jwks;
    private Duration jwksInterval;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) { // a bad configuration said at start
    }

    @PostConstruct
    void init() {
        try {
            verifier = build();
            LOG.info(() -> "Token verification ready: algorithms " + new TreeSet<>(verifier.algorithms()));
        } catch (IllegalArgumentException e) {
            configurationProblem = e.getMessage();
            LOG.severe("Token configuration invalid, /api will refuse every request: " + configurationProblem);
            return;
        }
        if (jwks != null) {
            jwks.start(jwksInterval);
        }
    }

    @PreDestroy
    void stop() {
        if (jwks != null) {
            jwks.close();
        }
    }

    private TokenVerifier build() {
        TokenSettings settings = TokenSettings.from(config);
        if (settings.devOnlySecret()) {
            LOG.warning("BETTER_AUTH_SECRET is the DEV ONLY secret of the quick start: never use it outside a developer machine");
        }
        List<VerificationKeys> keys = new ArrayList<>(2);
        keys.add(new SharedSecrets(settings.secret(), settings.previousSecret().orElse(null)));
        if (settings.jwksUrl().isPresent()) {
            JwksFetcher fetcher = new JwksFetcher(settings.jwksUrl().get(), settings.jwksConnectTimeout(),
                    settings.jwksReadTimeout());
            // A request never waits for a fetch longer than the fetch itself may take, plus a little.
            Duration waitBound = settings.jwksConnectTimeout().plus(settings.jwksReadTimeout()).plusSeconds(1);
            jwks = new JwksKeys(fetcher, Clock.systemUTC(), settings.jwksRefreshMinInterval(), waitBound, scheduler);
            jwksInterval = settings.jwksRefreshInterval();
            LOG.info(() -> "JWKS configured: " + fetcher.describe() + ", refresh every " + jwksInterval
                    + ", at most one fetch every " + settings.jwksRefreshMinInterval()
                    + " (unknown kid, retry after a failure)");
            keys.add(jwks);
        }
        verified = new VerifiedTokens(settings.cacheSize(), TokenSettings.CACHE_MAX_AGE, settings.policy().leeway(),
                Clock.systemUTC());
        return new TokenVerifier(keys, new ClaimRules(settings.policy(), Clock.systemUTC()));
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("token-verification");
        if (configurationProblem != null) {
            return response.down().withData("reason", configurationProblem).build();
        }
        if (jwks == null) {
            return response.up().build();
        }
        JwksKeys.Status status = jwks.status();
        return status.everFetched() ? response.up().withData("jwks", status.describe()).build()
                : response.down().withData("reason", "JWKS " + status.describe()).build();
    }

    public Optional<String> configurationProblem() {
        return Optional.ofNullable(configurationProblem);
    }

    /**
     * The caller of a token that passes every check of docs/api.md, revocation included (also on a verified-token
     * cache hit).
     *
     * @throws TokenRejectedException        why the token is refused (a 401)
     * @throws RevocationService.Unavailable revocations cannot be checked now (a 503, whatever the token)
     */
    public TokenPrincipal verify(String token) throws TokenRejectedException, RevocationService.Unavailable {
        if (verifier == null) {
            throw new IllegalStateException("token verification is not configured: " + configurationProblem);
        }
        TokenPrincipal principal = verified.get(token);
        if (principal == null) {
            principal = verifier.verify(token);
            verified.put(token, principal);
        }
        revocations.check(principal);
        return principal;
    }
}
