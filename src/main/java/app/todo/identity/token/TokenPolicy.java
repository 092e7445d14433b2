package app.todo.identity.token;

import java.time.Duration;
import java.util.Set;

/**
 * The claim rules a token must meet, as configured by the operator.
 *
 * @param issuers     accepted {@code iss} values
 * @param audiences   accepted {@code aud} values; the token must name at least one
 * @param leeway      clock skew allowed on {@code exp}, {@code iat} and {@code nbf}
 * @param maxLifetime longest accepted {@code exp - iat}
 */
public record TokenPolicy(Set<String> issuers, Set<String> audiences, Duration leeway, Duration maxLifetime) {

    /** Better Auth's jwt plugin defaults are its base URL; these are the contract's (docs/api.md). */
    public static final String DEFAULT_ISSUER = "better-auth";
    public static final String DEFAULT_AUDIENCE = "todo-app";
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
    /** Shortest HS256 secret: the hash output size (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /** Checked by {@code config.TokenSettings}: sets not empty, leeway not negative, lifetime positive. */
    public TokenPolicy {
        issuers = Set.copyOf(issuers);
        audiences = Set.copyOf(audiences);
    }
}
