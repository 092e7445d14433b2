package app.todo.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.Json;

import app.todo.identity.TokenMinter;

/**
 * Mints the tokens of the tests: a valid baseline that each test changes in exactly one way.
 * The secret is the one the build hands to the server under test.
 */
public final class Tokens {

    public static final String SECRET = secret();
    public static final String ISSUER = "better-auth";
    public static final String AUDIENCE = "todo-app";

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String secret = SECRET;

    private Tokens(String userId) {
        long now = Instant.now().getEpochSecond();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        claims.put("sub", userId);
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("iat", now - 10);
        claims.put("exp", now + 600);
    }

    /** A valid token for this user, to be changed by the other methods. */
    public static Tokens forUser(String userId) {
        return new Tokens(userId);
    }

    public static long now() {
        return Instant.now().getEpochSecond();
    }

    /** Sets a header parameter; null removes it. */
    public Tokens header(String name, Object value) {
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    public Tokens claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public Tokens without(String claim) {
        claims.remove(claim);
        return this;
    }

    public Tokens secret(String otherSecret) {
        this.secret = otherSecret;
        return this;
    }

    public String headerJson() {
        return Json.createObjectBuilder(header).build().toString();
    }

    public String claimsJson() {
        return Json.createObjectBuilder(claims).build().toString();
    }

    /** The signed compact token. */
    public String sign() {
        return new TokenMinter(secret, ISSUER, AUDIENCE).sign(headerJson(), claimsJson());
    }

    private static String secret() {
        String fromBuild = System.getenv("BETTER_AUTH_SECRET");
        return fromBuild != null && fromBuild.length() >= 32 ? fromBuild
                : "unit-test-secret-that-is-long-enough-0123456789";
    }
}
