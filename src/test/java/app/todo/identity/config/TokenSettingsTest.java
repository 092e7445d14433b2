package app.todo.identity.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import app.todo.identity.token.TokenPolicy;

/**
 * The token configuration read through a real MicroProfile Config (SmallRye's, with this service's
 * {@link Durations}): the defaults, every setting, and a message naming the variable for each
 * unusable value (never the secret).
 */
class TokenSettingsTest {

    static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-0123456789";

    static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .build();
    }

    static Config config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put(TokenSettings.SECRET, SECRET);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return config(values);
    }

    @Test
    void onlyTheSecretIsRequired() {
        TokenSettings s = TokenSettings.from(config());
        assertEquals(new TokenPolicy(Set.of(TokenPolicy.DEFAULT_ISSUER), Set.of(TokenPolicy.DEFAULT_AUDIENCE),
                TokenPolicy.DEFAULT_LEEWAY, TokenPolicy.DEFAULT_MAX_LIFETIME), s.policy());
        assertEquals(Optional.empty(), s.previousSecret());
        assertEquals(TokenSettings.DEFAULT_CACHE_SIZE, s.cacheSize());
        assertEquals(Optional.empty(), s.jwksUrl());
        assertEquals(TokenSettings.DEFAULT_JWKS_REFRESH_INTERVAL, s.jwksRefreshInterval());
        assertEquals(TokenSettings.DEFAULT_JWKS_REFRESH_MIN_INTERVAL, s.jwksRefreshMinInterval());
        assertFalse(s.devOnlySecret());
    }

    @Test
    void readsEverySetting() {
        TokenSettings s = TokenSettings.from(config(
                TokenSettings.SECRET_PREVIOUS, SECRET + "-old",
                TokenSettings.ISSUER, "https://auth.example.com, better-auth",
                TokenSettings.AUDIENCE, "todo-api",
                TokenSettings.LEEWAY, "30s",
                TokenSettings.MAX_LIFETIME, "PT2H",
                TokenSettings.CACHE_SIZE, "0",
                TokenSettings.JWKS_URL, "https://auth.example.com/api/auth/jwks",
                TokenSettings.JWKS_REFRESH_INTERVAL, "10m",
                TokenSettings.JWKS_REFRESH_MIN_INTERVAL, "5s",
                TokenSettings.JWKS_CONNECT_TIMEOUT, "1s",
                TokenSettings.JWKS_READ_TIMEOUT, "4"));
        assertEquals(Optional.of(SECRET + "-old"), s.previousSecret());
        assertEquals(Set.of("https://auth.example.com", "better-auth"), s.policy().issuers());
        assertEquals(Set.of("todo-api"), s.policy().audiences());
        assertEquals(Duration.ofSeconds(30), s.policy().leeway());
        assertEquals(Duration.ofHours(2), s.policy().maxLifetime());
        assertEquals(0, s.cacheSize());
        assertEquals("https://auth.example.com/api/auth/jwks", s.jwksUrl().orElseThrow().toString());
        assertEquals(Duration.ofMinutes(10), s.jwksRefreshInterval());
        assertEquals(Duration.ofSeconds(5), s.jwksRefreshMinInterval());
        assertEquals(Duration.ofSeconds(1), s.jwksConnectTimeout());
        assertEquals(Duration.ofSeconds(4), s.jwksReadTimeout());
    }

    @Test
    void aMissingSecretIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenSettings.from(config(Map.of())));
        assertEquals("BETTER_AUTH_SECRET is not set", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "better.auth.secret, too-short, BETTER_AUTH_SECRET is shorter than 32 bytes",
        "better.auth.secret.previous, too-short, BETTER_AUTH_SECRET_PREVIOUS is shorter than 32 bytes",
        "todo.jwt.leeway, soon, 'TODO_JWT_LEEWAY is not a valid duration (examples: 60s, 15m, 24h, PT24H)'",
        "todo.jwt.leeway, PT-1S, TODO_JWT_LEEWAY must not be negative",
        "todo.jwt.max.lifetime, 0s, TODO_JWT_MAX_LIFETIME must be positive",
        "todo.jwt.issuer, ' , ', TODO_JWT_ISSUER is empty",
        "todo.jwt.cache.size, -1, TODO_JWT_CACHE_SIZE must be 0 (off) or more",
        "todo.jwt.cache.size, many, TODO_JWT_CACHE_SIZE is not a valid integer",
        "todo.jwks.refresh.min.interval, 500ms, 'TODO_JWKS_REFRESH_MIN_INTERVAL is not a valid duration (examples: 60s, 15m, 24h, PT24H)'",
        "todo.jwks.refresh.min.interval, PT0.5S, TODO_JWKS_REFRESH_MIN_INTERVAL must be at least 1s",
        "todo.jwks.refresh.interval, 1s, TODO_JWKS_REFRESH_INTERVAL must not be shorter than TODO_JWKS_REFRESH_MIN_INTERVAL",
        "todo.jwks.read.timeout, 0, TODO_JWKS_READ_TIMEOUT must be positive",
    })
    void anUnusableValueIsNamedWithoutItsValue(String key, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenSettings.from(config(key, value)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aJwksUrlThatIsNotHttpIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenSettings.from(config(TokenSettings.JWKS_URL, "file:///etc/passwd")));
        assertTrue(e.getMessage().startsWith("TODO_JWKS_URL"), e.getMessage());
    }

    @Test
    void theQuickStartSecretIsRecognised() {
        assertTrue(TokenSettings.from(config(TokenSettings.SECRET, "DEV-ONLY-todo-api-local-secret-do-not-deploy")).devOnlySecret());
    }

    @Test
    void theSecretsNeverAppearInItsText() {
        String text = TokenSettings.from(config(TokenSettings.SECRET_PREVIOUS, SECRET + "-old")).toString();
        assertFalse(text.contains(SECRET), text);
    }
}
