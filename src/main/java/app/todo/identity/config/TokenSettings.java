package app.todo.identity.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import app.todo.identity.keys.JwksFetcher;
import app.todo.identity.token.TokenPolicy;

/**
 * Everything the token checks are configured with, read once through MicroProfile Config (so
 * {@code BETTER_AUTH_SECRET} or {@code -Dbetter.auth.secret} alike; durations by {@link Durations}, lists
 * comma-separated). Each key and each default is written here once
 * (the claim defaults in {@link TokenPolicy}); README's configuration table documents them.
 *
 * @param secret    the HS256 secret, at least {@link TokenPolicy#MIN_SECRET_BYTES} bytes (so is the previous one)
 * @param cacheSize verified tokens remembered per node; 0 turns the cache off
 */
public record TokenSettings(String secret, Optional<String> previousSecret, TokenPolicy policy, int cacheSize,
                            Optional<URI> jwksUrl, Duration jwksRefreshInterval, Duration jwksRefreshMinInterval,
                            Duration jwksConnectTimeout, Duration jwksReadTimeout) {

    public static final String SECRET = "better.auth.secret";
    public static final String SECRET_PREVIOUS = "better.auth.secret.previous";
    public static final String ISSUER = "todo.jwt.issuer";
    public static final String AUDIENCE = "todo.jwt.audience";
    public static final String LEEWAY = "todo.jwt.leeway";
    public static final String MAX_LIFETIME = "todo.jwt.max.lifetime";
    public static final String CACHE_SIZE = "todo.jwt.cache.size";
    public static final String JWKS_URL = "todo.jwks.url";
    public static final String JWKS_REFRESH_INTERVAL = "todo.jwks.refresh.interval";
    public static final String JWKS_REFRESH_MIN_INTERVAL = "todo.jwks.refresh.min.interval";
    public static final String JWKS_CONNECT_TIMEOUT = "todo.jwks.connect.timeout";
    public static final String JWKS_READ_TIMEOUT = "todo.jwks.read.timeout";
    public static final String REVOCATION_MAX_STALENESS = "todo.revocation.max.staleness";
    public static final String REVOCATION_PURGE_INTERVAL = "todo.revocation.purge.interval";

    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /** How long a verified token is remembered at most (not configurable: it bounds how long a withdrawn key works). */
    public static final Duration CACHE_MAX_AGE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofMinutes(5);
    /** Least time between the starts of two JWKS fetches of a node; also the retry delay after a failed one. */
    public static final Duration DEFAULT_JWKS_REFRESH_MIN_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_JWKS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_JWKS_READ_TIMEOUT = Duration.ofSeconds(3);
    /** How long a node keeps serving with the revocations of its last sync while the store is unreachable. */
    public static final Duration DEFAULT_REVOCATION_MAX_STALENESS = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REVOCATION_PURGE_INTERVAL = Duration.ofMinutes(10);

    /**
     * Reads and checks the configuration.
     *
     * @throws IllegalArgumentException naming the environment variable and what is wrong with it, for
     *                                  the one SEVERE line and readiness; never the secret itself
     */
    public static TokenSettings from(Config config) {
        String secret = config.getOptionalValue(SECRET, String.class).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(envName(SECRET) + " is not set"));
        checkLength(SECRET, secret);
        Optional<String> previous = config.getOptionalValue(SECRET_PREVIOUS, String.class).filter(s -> !s.isBlank());
        previous.ifPresent(p -> checkLength(SECRET_PREVIOUS, p));
        TokenPolicy policy = new TokenPolicy(
                list(config, ISSUER, TokenPolicy.DEFAULT_ISSUER),
                list(config, AUDIENCE, TokenPolicy.DEFAULT_AUDIENCE),
                duration(config, LEEWAY, TokenPolicy.DEFAULT_LEEWAY),
                positive(config, MAX_LIFETIME, TokenPolicy.DEFAULT_MAX_LIFETIME));
        int cacheSize;
        try {
            cacheSize = config.getOptionalValue(CACHE_SIZE, Integer.class).orElse(DEFAULT_CACHE_SIZE);
        } catch (IllegalArgumentException e) { // MicroProfile Config's words would not name the variable
            throw new IllegalArgumentException(envName(CACHE_SIZE) + " is not a valid integer");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException(envName(CACHE_SIZE) + " must be 0 (off) or more");
        }
        Optional<URI> jwksUrl = config.getOptionalValue(JWKS_URL, String.class).filter(url -> !url.isBlank())
                .map(url -> JwksFetcher.checkedUri(envName(JWKS_URL), url));
        Duration interval = positive(config, JWKS_REFRESH_INTERVAL, DEFAULT_JWKS_REFRESH_INTERVAL);
        Duration minInterval = positive(config, JWKS_REFRESH_MIN_INTERVAL, DEFAULT_JWKS_REFRESH_MIN_INTERVAL);
        if (minInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(envName(JWKS_REFRESH_MIN_INTERVAL) + " must be at least 1s");
        }
        if (interval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException(envName(JWKS_REFRESH_INTERVAL) + " must not be shorter than "
                    + envName(JWKS_REFRESH_MIN_INTERVAL));
        }
        return new TokenSettings(secret, previous, policy, cacheSize, jwksUrl, interval, minInterval,
                positive(config, JWKS_CONNECT_TIMEOUT, DEFAULT_JWKS_CONNECT_TIMEOUT),
                positive(config, JWKS_READ_TIMEOUT, DEFAULT_JWKS_READ_TIMEOUT));
    }

    /** todo.jwks.url → TODO_JWKS_URL, as MicroProfile Config maps them. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The quick start's published secret, which must never serve real users. */
    public boolean devOnlySecret() {
        return secret.toLowerCase(Locale.ROOT).contains("dev-only");
    }

    private static void checkLength(String key, String secret) {
        if (secret.getBytes(UTF_8).length < TokenPolicy.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(envName(key) + " is shorter than " + TokenPolicy.MIN_SECRET_BYTES + " bytes");
        }
    }

    /** A duration setting ({@link Durations}), never negative. @throws IllegalArgumentException naming the variable */
    public static Duration duration(Config config, String key, Duration defaultValue) {
        Duration d;
        try {
            d = config.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).map(Durations::parse)
                    .orElse(defaultValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(envName(key) + " is not a valid duration (examples: 60s, 15m, 24h, PT24H)");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(envName(key) + " must not be negative");
        }
        return d;
    }

    /** A duration setting, positive. @throws IllegalArgumentException naming the variable */
    public static Duration positive(Config config, String key, Duration defaultValue) {
        Duration d = duration(config, key, defaultValue);
        if (d.isZero()) {
            throw new IllegalArgumentException(envName(key) + " must be positive");
        }
        return d;
    }

    /** A comma-separated list (MicroProfile Config's array form), blanks dropped; never empty. */
    private static Set<String> list(Config config, String key, String defaultValue) {
        List<String> raw = config.getOptionalValues(key, String.class).orElse(List.of(defaultValue));
        Set<String> values = new LinkedHashSet<>();
        raw.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(envName(key) + " is empty");
        }
        return values;
    }

    @Override
    public String toString() {
        // never the secrets
        return "TokenSettings[policy=" + policy + ", cacheSize=" + cacheSize + ", jwksUrl=" + jwksUrl.isPresent() + "]";
    }
}
