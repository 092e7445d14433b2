package app.todo.identity.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints an HS256 token that this service accepts, with the same configuration it reads:
 * {@code BETTER_AUTH_SECRET}, the first of {@code TODO_JWT_ISSUER} and of {@code TODO_JWT_AUDIENCE}.
 * Self-contained (JDK only), so it runs straight from source:
 *
 * <pre>java src/main/java/app/todo/identity/TokenMinter.java USER_ID [--email E] [--ttl 15m]</pre>
 *
 * The token goes to standard output and nowhere else.
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

    /** A JSON string literal. */
    public static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String secret = env.getOrDefault("BETTER_AUTH_SECRET", "");
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: java TokenMinter.java USER_ID [--email EMAIL] [--ttl 15m]");
            System.err.println("reads BETTER_AUTH_SECRET, TODO_JWT_ISSUER, TODO_JWT_AUDIENCE like the service");
            System.exit(2);
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            System.err.println("BETTER_AUTH_SECRET must be set to the service's secret (at least 32 bytes)");
            System.exit(2);
        }
        String email = null;
        Duration ttl = Duration.ofMinutes(15);
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--email" -> email = value;
                case "--ttl" -> ttl = ttl(value);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        TokenMinter minter = new TokenMinter(secret,
                first(env.getOrDefault("TODO_JWT_ISSUER", "better-auth")),
                first(env.getOrDefault("TODO_JWT_AUDIENCE", "todo-app")));
        System.out.println(minter.mint(args[0], email, ttl));
    }

    private static Duration ttl(String text) {
        if (text == null || !text.matches("\\d+[smh]?")) {
            System.err.println("--ttl takes a number of seconds, or e.g. 90s, 15m, 2h");
            System.exit(2);
        }
        char unit = text.charAt(text.length() - 1);
        long n = Long.parseLong(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static String first(String commaSeparated) {
        return commaSeparated.split(",")[0].trim();
    }
}
