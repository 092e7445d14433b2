package app.todo.identity.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import app.todo.identity.keys.JwksFetcher;
import app.todo.identity.keys.JwksKeys;
import app.todo.identity.keys.JwksRefresher;
import app.todo.identity.keys.JwksStatus;
import app.todo.identity.keys.RefetchThrottle;
import app.todo.identity.keys.SharedSecrets;
import app.todo.identity.revocation.RevocationsUnavailableException;
import app.todo.identity.token.ClaimRules;
import app.todo.identity.token.TokenPolicy;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;
import app.todo.identity.token.TokenVerifier;
import app.todo.identity.token.VerificationKeys;
import app.todo.identity.token.VerifiedTokens;

/**
 * Builds the token verifier from the configuration once, at start-up. When the configuration is
 * unusable (no secret, a short one, a bad duration, a JWKS URL that is not http(s)) it logs why in
 * one line and keeps the reason: the bearer mechanism then refuses every /api request with 503 and
 * readiness reports DOWN. With {@code TODO_JWKS_URL} set it also fetches the JWKS at start and keeps
 * it fresh on the container's scheduler; a JWKS that cannot be fetched is not a configuration
 * problem (HS256 keeps working), it shows in readiness instead.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    static final String SECRET = "better.auth.secret";
    static final String SECRET_PREVIOUS = "better.auth.secret.previous";
    static final String ISSUER = "todo.jwt.issuer";
    static final String AUDIENCE = "todo.jwt.audience";
    static final String LEEWAY = "todo.jwt.leeway";
    static final String MAX_LIFETIME = "todo.jwt.max.lifetime";
    static final String CACHE_SIZE = "todo.jwt.cache.size";
    /** How long a verified token is remembered at most (see VerifiedTokens). */
    static final Duration CACHE_MAX_AGE = Duration.ofSeconds(60);
    static final String JWKS_URL = "todo.jwks.url";
    static final String JWKS_REFRESH_INTERVAL = "todo.jwks.refresh.interval";
    static final String JWKS_REFRESH_MIN_INTERVAL = "todo.jwks.refresh.min.interval";
    /**
     * Least time between the starts of two JWKS fetches of a node; also the retry delay after a failed
     * fetch. A new key is accepted within this plus one fetch of its first token.
     */
    public static final String JWKS_REFRESH_MIN_INTERVAL_DEFAULT = "2s";
    static final String JWKS_CONNECT_TIMEOUT = "todo.jwks.connect.timeout";
    static final String JWKS_READ_TIMEOUT = "todo.jwks.read.timeout";

    @Inject
    Config config;

    @Inject
    RevocationService revocations;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService managedScheduler;

    private TokenVerifier verifier;
    private VerifiedTokens verified;
    private String configurationProblem;
    private JwksKeys jwks;
    private JwksRefresher refresher;
    /** Only when the container offers no managed scheduler; ours to shut down. */
    private ScheduledExecutorService ownScheduler;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Observing start-up instantiates the bean, so @PostConstruct reports a bad configuration now,
        // not at the first request.
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
        if (refresher != null) {
            refresher.start();
        }
    }

    @PreDestroy
    void stop() {
        if (refresher != null) {
            refresher.close();
        }
        if (jwks != null) {
            jwks.close();
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
    }

    private TokenVerifier build() {
        String secret = config.getOptionalValue(SECRET, String.class).orElse("");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("BETTER_AUTH_SECRET is not set");
        }
        if (secret.getBytes(UTF_8).length < SharedSecrets.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("BETTER_AUTH_SECRET is shorter than " + SharedSecrets.MIN_SECRET_BYTES + " bytes");
        }
        String previous = config.getOptionalValue(SECRET_PREVIOUS, String.class).orElse(null);
        if (previous != null && !previous.isBlank()
                && previous.getBytes(UTF_8).length < SharedSecrets.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("BETTER_AUTH_SECRET_PREVIOUS is shorter than " + SharedSecrets.MIN_SECRET_BYTES + " bytes");
        }
        if (secret.toLowerCase(Locale.ROOT).contains("dev-only")) {
            LOG.warning("BETTER_AUTH_SECRET is the DEV ONLY secret of the quick start: never use it outside a developer machine");
        }
        TokenPolicy policy = new TokenPolicy(
                list(ISSUER, "better-auth"),
                list(AUDIENCE, "todo-app"),
                duration(LEEWAY, "60s"),
                duration(MAX_LIFETIME, "24h"));
        List<VerificationKeys> keys = new ArrayList<>(2);
        keys.add(new SharedSecrets(secret, previous == null || previous.isBlank() ? null : previous));
        Optional<String> jwksUrl = config.getOptionalValue(JWKS_URL, String.class).filter(url -> !url.isBlank());
        if (jwksUrl.isPresent()) {
            keys.add(jwks(jwksUrl.get()));
        }
        int cacheSize = config.getOptionalValue(CACHE_SIZE, Integer.class).orElse(10_000);
        if (cacheSize < 0) {
            throw new IllegalArgumentException("TODO_JWT_CACHE_SIZE must be 0 (off) or more");
        }
        verified = new VerifiedTokens(cacheSize, CACHE_MAX_AGE, policy.leeway(), Clock.systemUTC());
        return new TokenVerifier(keys, new ClaimRules(policy, Clock.systemUTC()));
    }

    private JwksKeys jwks(String url) {
        Duration interval = duration(JWKS_REFRESH_INTERVAL, "5m");
        Duration minInterval = duration(JWKS_REFRESH_MIN_INTERVAL, JWKS_REFRESH_MIN_INTERVAL_DEFAULT);
        Duration connectTimeout = duration(JWKS_CONNECT_TIMEOUT, "2s");
        Duration readTimeout = duration(JWKS_READ_TIMEOUT, "3s");
        for (Duration d : List.of(interval, minInterval, connectTimeout, readTimeout)) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("the TODO_JWKS_* intervals and timeouts must be positive");
            }
        }
        if (minInterval.compareTo(RefetchThrottle.LEAST_INTERVAL) < 0) {
            throw new IllegalArgumentException("TODO_JWKS_REFRESH_MIN_INTERVAL must be at least " + RefetchThrottle.LEAST_INTERVAL.toSeconds() + "s");
        }
        if (interval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException("TODO_JWKS_REFRESH_INTERVAL must not be shorter than TODO_JWKS_REFRESH_MIN_INTERVAL");
        }
        JwksFetcher fetcher = new JwksFetcher(JwksFetcher.checkedUri("TODO_JWKS_URL", url), connectTimeout, readTimeout);
        // A request never waits for a fetch longer than the fetch itself may take, plus a little.
        Duration waitBound = connectTimeout.plus(readTimeout).plusSeconds(1);
        ScheduledExecutorService scheduler = scheduler();
        jwks = new JwksKeys(fetcher, Clock.systemUTC(), minInterval, waitBound, scheduler);
        refresher = new JwksRefresher(jwks, scheduler, Clock.systemUTC(), interval, minInterval);
        LOG.info(() -> "JWKS configured: " + fetcher.describe() + ", refresh every " + interval
                + ", at most one fetch every " + minInterval + " (unknown kid, retry after a failure)");
        return jwks;
    }

    private ScheduledExecutorService scheduler() {
        if (managedScheduler != null) {
            return managedScheduler;
        }
        ownScheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "todo-jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
        return ownScheduler;
    }

    private Duration duration(String key, String defaultValue) {
        return Durations.parse(envName(key), config.getOptionalValue(key, String.class).orElse(defaultValue));
    }

    /** The environment variable MicroProfile Config maps to a key: todo.jwks.url ← TODO_JWKS_URL. */
    private static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private Set<String> list(String key, String defaultValue) {
        String raw = config.getOptionalValue(key, String.class).orElse(defaultValue);
        Set<String> values = new LinkedHashSet<>();
        Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(envName(key) + " is empty");
        }
        return values;
    }

    /** How the JWKS stands; empty when no JWKS is configured. */
    public Optional<JwksStatus> jwksStatus() {
        return Optional.ofNullable(jwks).map(JwksKeys::status);
    }

    /** Why tokens cannot be verified, or empty when they can. */
    public Optional<String> configurationProblem() {
        return Optional.ofNullable(configurationProblem);
    }

    /**
     * The caller of a token that passes every check of docs/api.md and is not revoked. The revocation check runs
     * on every call, including verified-token cache hits (it reads memory only).
     *
     * @throws TokenRejectedException           why the token is refused (a 401)
     * @throws RevocationsUnavailableException revocations cannot be checked now (a 503, whatever the token)
     */
    public TokenPrincipal verify(String token) throws TokenRejectedException, RevocationsUnavailableException {
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
