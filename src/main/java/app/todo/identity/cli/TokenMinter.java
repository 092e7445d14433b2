package app.todo.identity.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.todo.identity.config.Durations;
import app.todo.identity.config.TokenSettings;
import app.todo.identity.token.TokenPolicy;

/**
 * Mints an HS256 token that this service accepts, with the same configuration and defaults it reads
 * ({@link TokenSettings}, {@link TokenPolicy}): {@code BETTER_AUTH_SECRET}, the first of
 * {@code TODO_JWT_ISSUER} and of {@code TODO_JWT_AUDIENCE}. Needs only the JDK and the compiled classes (so the
 * JSON is written by hand: the server's JSON-P is not on that class path); usage in README. The token goes to
 * standard output and nowhere else.
 */
public final class TokenMinter {

    private final byte[] secret;
    private final String issuer;
    private final String audience;

    public TokenMinter(String secret, String issuer, String audience) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.issuer = issuer;
        this.audience = audience;
    }

    /** A token for this user, issued now, valid for ttl, with a random jti. */
    public String mint(String userId, String email, Duration ttl) {
        long now = Instant.now().getEpochSecond();
        StringBuilder claims = new StringBuilder("{")
                .append("\"sub\":").append(json(userId))
                .append(",\"user_id\":").append(json(userId));
        if (email != null) {
            claims.append(",\"email\":").append(json(email));
        }
        claims.append(",\"iss\":").append(json(issuer))
                .append(",\"aud\":").append(json(audience))
                .append(",\"iat\":").append(now)
                .append(",\"exp\":").append(now + ttl.toSeconds())
                .append(",\"jti\":").append(json(UUID.randomUUID().toString()))
                .append('}');
        return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims.toString());
    }

    /** Signs any header and payload JSON with HS256 (tests use it to craft tokens). */
    public String sign(String headerJson, String payloadJson) {
        String input = base64Url(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(payloadJson.getBytes(StandardCharsets.UTF_8));
        return input + "." + base64Url(hmacSha256(secret, input));
    }

    public static byte[] hmacSha256(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A JSON string literal: quote, backslash and control characters as six-character escapes (RFC 8259 §7). */
    public static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            out.append(c == '"' || c == '\\' || c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
        }
        return out.append('"').toString();
    }

    /** Lifetime of a minted token unless {@code --ttl} says otherwise: Better Auth's default. */
    static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    public static void main(String[] args) {
        String secret = Objects.requireNonNullElse(env(TokenSettings.SECRET), "");
        if (args.length == 0 || args[0].startsWith("-")) {
            fail("usage: java -cp target/classes app.todo.identity.cli.TokenMinter USER_ID [--email EMAIL] [--ttl 15m]\n"
                    + "reads BETTER_AUTH_SECRET, TODO_JWT_ISSUER, TODO_JWT_AUDIENCE like the service");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < TokenPolicy.MIN_SECRET_BYTES) {
            fail("BETTER_AUTH_SECRET must be set to the service's secret (at least " + TokenPolicy.MIN_SECRET_BYTES
                    + " bytes)");
        }
        String email = null;
        Duration ttl = DEFAULT_TTL;
        for (int i = 1; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--email" -> email = value;
                case "--ttl" -> ttl = ttl(value);
                default -> fail("unknown option " + args[i]);
            }
        }
        TokenMinter minter = new TokenMinter(secret, first(TokenSettings.ISSUER, TokenPolicy.DEFAULT_ISSUER),
                first(TokenSettings.AUDIENCE, TokenPolicy.DEFAULT_AUDIENCE));
        System.out.println(minter.mint(args[0], email, ttl));
    }

    private static Duration ttl(String text) {
        try {
            Duration ttl = Durations.parse(text);
            if (!ttl.isNegative() && !ttl.isZero()) {
                return ttl;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        fail("--ttl takes a duration such as 90s, 15m, 2h (at most TODO_JWT_MAX_LIFETIME, 24h by default)");
        return null;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }

    /** The environment variable of a setting, as MicroProfile Config maps it (todo.jwt.issuer ← TODO_JWT_ISSUER). */
    private static String env(String key) {
        return System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
    }

    /** The first value of a comma-separated setting, or the default. */
    private static String first(String key, String defaultValue) {
        String list = env(key);
        String first = list == null ? "" : list.split(",")[0].trim();
        return first.isEmpty() ? defaultValue : first;
    }
}
