package app.todo.identity;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * Builds the token verifier from the configuration once, at start-up. When the configuration is
 * unusable (no secret, a short one, a bad duration) it logs why in one line and keeps the reason:
 * the bearer mechanism then refuses every /api request with 503 and readiness reports DOWN.
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

    @Inject
    Config config;

    private TokenVerifier verifier;
    private String configurationProblem;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Observing start-up instantiates the bean, so @PostConstruct reports a bad configuration now,
        // not at the first request.
    }

    @PostConstruct
    void init() {
        try {
            verifier = build();
            LOG.info(() -> "Token verification ready: algorithms " + verifier.algorithms());
        } catch (IllegalArgumentException e) {
            configurationProblem = e.getMessage();
            LOG.severe("Token configuration invalid, /api will refuse every request: " + configurationProblem);
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
                Durations.parse("TODO_JWT_LEEWAY", config.getOptionalValue(LEEWAY, String.class).orElse("60s")),
                Durations.parse("TODO_JWT_MAX_LIFETIME", config.getOptionalValue(MAX_LIFETIME, String.class).orElse("24h")));
        List<VerificationKeys> keys = List.of(new SharedSecrets(secret, previous == null || previous.isBlank() ? null : previous));
        return new TokenVerifier(keys, new ClaimRules(policy, Clock.systemUTC()));
    }

    private Set<String> list(String key, String defaultValue) {
        String raw = config.getOptionalValue(key, String.class).orElse(defaultValue);
        Set<String> values = new LinkedHashSet<>();
        Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(key.toUpperCase(Locale.ROOT).replace('.', '_') + " is empty");
        }
        return values;
    }

    /** Why tokens cannot be verified, or empty when they can. */
    public Optional<String> configurationProblem() {
        return Optional.ofNullable(configurationProblem);
    }

    public TokenPrincipal verify(String token) throws TokenRejectedException {
        if (verifier == null) {
            throw new IllegalStateException("token verification is not configured: " + configurationProblem);
        }
        return verifier.verify(token);
    }
}
