package app.todo.identity.token;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import app.todo.identity.CurrentUser;

/**
 * The caller, as established by a verified token. Implements MicroProfile {@link JsonWebToken} so
 * that {@code @Inject JsonWebToken} works without Payara's own MP-JWT. Its {@link #toString()}
 * never shows the raw token.
 */
public final class TokenPrincipal implements JsonWebToken, CurrentUser {

    private final String userId;
    private final String email;
    private final String issuer;
    private final String tokenId;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final Set<String> groups;
    private final String algorithm;
    private final Map<String, Object> claims;
    /** Computed on first use and kept with the principal (so a verified-token cache hit never hashes again). */
    private volatile String revocationKey;

    TokenPrincipal(String userId, String email, String issuer, String tokenId, Instant issuedAt, Instant expiresAt,
                   Set<String> groups, String algorithm, Map<String, Object> rawClaims, String rawToken) {
        this.userId = userId;
        this.email = email;
        this.issuer = issuer;
        this.tokenId = tokenId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.groups = groups;
        this.algorithm = algorithm;
        this.claims = normalised(rawClaims, groups, rawToken);
    }

    /** Claims in the Java types the JsonWebToken default methods expect (Long dates, Set audiences). */
    private static Map<String, Object> normalised(Map<String, Object> raw, Set<String> groups, String rawToken) {
        Map<String, Object> map = new HashMap<>(raw);
        for (String date : List.of("exp", "iat", "nbf", "auth_time", "updated_at")) {
            if (map.get(date) instanceof Number n) {
                map.put(date, new BigDecimal(n.toString()).longValue());
            }
        }
        Object aud = map.get(Claims.aud.name());
        if (aud instanceof String s) {
            map.put(Claims.aud.name(), Set.of(s));
        } else if (aud instanceof Collection<?> c) {
            Set<String> set = new LinkedHashSet<>();
            c.forEach(v -> set.add(String.valueOf(v)));
            map.put(Claims.aud.name(), Set.copyOf(set));
        }
        map.put(Claims.groups.name(), groups);
        map.put(Claims.raw_token.name(), rawToken);
        return Map.copyOf(withoutNulls(map));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        map.values().removeIf(java.util.Objects::isNull);
        return map;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String email() {
        return email;
    }

    @Override
    public String issuer() {
        return issuer;
    }

    @Override
    public String tokenId() {
        return tokenId;
    }

    @Override
    public Instant issuedAt() {
        return issuedAt;
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    public Set<String> groups() {
        return groups;
    }

    /**
     * What a revocation of this one token is stored under, beside the user id: {@code "jti:" + jti} when the token
     * has a {@code jti} of 1..200 characters without control characters; otherwise {@code "sha256:"} + the SHA-256
     * of the compact token text, base64url without padding (43 characters). Real Better Auth tokens carry no
     * {@code jti}; the digest names them without storing the token, and is unique per token because every signed
     * content has exactly one accepted token text (the exact signature lengths of TokenVerifier). At most 204
     * characters. Computed once per principal, so repeated checks of a cached principal cost a field read.
     */
    public String revocationKey() {
        String key = revocationKey;
        if (key == null) {
            key = tokenId != null && !tokenId.isEmpty() && tokenId.length() <= 200
                    && tokenId.chars().noneMatch(Character::isISOControl)
                    ? "jti:" + tokenId : "sha256:" + digest(getRawToken());
            revocationKey = key;
        }
        return key;
    }

    /** SHA-256 of the text, base64url without padding. */
    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** The JWS alg the token was signed with (for metrics and logs). */
    public String algorithm() {
        return algorithm;
    }

    @Override
    public String getName() {
        return userId;
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return (T) claims.get(claimName);
    }

    @Override
    public String toString() {
        return "TokenPrincipal[userId=" + userId + ", issuer=" + issuer + ", alg=" + algorithm + "]";
    }
}
