package app.todo.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import app.todo.identity.cli.TokenMinter;

/**
 * Mints the tokens of the tests: a valid baseline that each test changes in exactly one way.
 * The secret is the one the build hands to the server under test. {@link #betterAuth} tokens are
 * shaped like those of Better Auth's jwt plugin and signed with jose4j by a {@link SigningKey}.
 */
public final class Tokens {

    public static final String SECRET = secret();
    public static final String ISSUER = "better-auth";
    public static final String AUDIENCE = "todo-app";
    /** Better Auth's default issuer and audience: its base URL. */
    public static final String BETTER_AUTH_URL = "http://localhost:3000";

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String secret = SECRET;
    private SigningKey signingKey;

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

    /**
     * A token as Better Auth's jwt plugin signs it by default: header {@code {"alg","kid"}}, the session
     * user as payload, {@code sub} the user id, 15 minutes, issuer and audience its base URL.
     */
    public static Tokens betterAuth(SigningKey key, String userId) {
        Tokens token = new Tokens(userId);
        long iat = now();
        token.header.clear();
        token.header.put("alg", key.alg());
        token.header.put("kid", key.kid());
        token.claims.clear();
        token.claims.put("name", "Test User");
        token.claims.put("email", userId + "@example.com");
        token.claims.put("emailVerified", false);
        token.claims.put("image", JsonValue.NULL);
        token.claims.put("createdAt", "2026-01-01T10:00:00.000Z");
        token.claims.put("updatedAt", "2026-01-01T10:00:00.000Z");
        token.claims.put("id", userId);
        token.claims.put("iat", iat);
        token.claims.put("sub", userId);
        token.claims.put("exp", iat + 900);
        token.claims.put("iss", BETTER_AUTH_URL);
        token.claims.put("aud", BETTER_AUTH_URL);
        token.signingKey = key;
        return token;
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
        this.signingKey = null;
        return this;
    }

    /** Signs with this private key (by the alg of the header, whatever it says) instead of a secret. */
    public Tokens signedBy(SigningKey key) {
        this.signingKey = key;
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
        if (signingKey != null) {
            return signAsymmetric();
        }
        return new TokenMinter(secret, ISSUER, AUDIENCE).sign(headerJson(), claimsJson());
    }

    private String signAsymmetric() {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.getHeaders().setFullHeaderAsJsonString(headerJson());
            jws.setPayload(claimsJson());
            jws.setKey(signingKey.pair().getPrivate());
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the test token", e);
        }
    }

    private static String secret() {
        String fromBuild = System.getenv("BETTER_AUTH_SECRET");
        return fromBuild != null && fromBuild.length() >= 32 ? fromBuild
                : "unit-test-secret-that-is-long-enough-0123456789";
    }
}
