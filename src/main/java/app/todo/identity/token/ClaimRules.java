package app.todo.identity.token;

import static app.todo.identity.token.RejectReason.AUDIENCE;
import static app.todo.identity.token.RejectReason.CLAIMS;
import static app.todo.identity.token.RejectReason.EXPIRED;
import static app.todo.identity.token.RejectReason.ISSUED_IN_FUTURE;
import static app.todo.identity.token.RejectReason.ISSUER;
import static app.todo.identity.token.RejectReason.LIFETIME;
import static app.todo.identity.token.RejectReason.NOT_YET_VALID;
import static app.todo.identity.token.RejectReason.SUBJECT;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The claim checks of API.md, in their fixed order: exp, iat, nbf present and numeric; expiry;
 * iat not in the future; lifetime; nbf; issuer; audience; user id; email. Runs only on a payload
 * whose signature has already been verified.
 */
public final class ClaimRules {

    public static final int MAX_USER_ID_LENGTH = 128;

    private final TokenPolicy policy;
    private final Clock clock;

    public ClaimRules(TokenPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    public TokenPrincipal check(Map<String, Object> claims, String algorithm, String rawToken)
            throws TokenRejectedException {
        BigDecimal exp = numericDate(claims, "exp", true);
        BigDecimal iat = numericDate(claims, "iat", true);
        BigDecimal nbf = numericDate(claims, "nbf", false);

        BigDecimal now = BigDecimal.valueOf(clock.millis()).movePointLeft(3);
        BigDecimal leeway = BigDecimal.valueOf(policy.leeway().toMillis()).movePointLeft(3);
        BigDecimal maxLifetime = BigDecimal.valueOf(policy.maxLifetime().toMillis()).movePointLeft(3);

        if (now.compareTo(exp.add(leeway)) > 0) {
            throw new TokenRejectedException(EXPIRED, "token expired");
        }
        if (iat.compareTo(now.add(leeway)) > 0) {
            throw new TokenRejectedException(ISSUED_IN_FUTURE, "iat is in the future");
        }
        if (exp.subtract(iat).compareTo(maxLifetime) > 0) {
            throw new TokenRejectedException(LIFETIME, "exp - iat exceeds the maximum lifetime");
        }
        if (nbf != null && nbf.compareTo(now.add(leeway)) > 0) {
            throw new TokenRejectedException(NOT_YET_VALID, "nbf is in the future");
        }
        if (!(claims.get("iss") instanceof String iss) || !policy.issuers().contains(iss)) {
            throw new TokenRejectedException(ISSUER, "iss not accepted");
        }
        if (!audienceAccepted(claims.get("aud"))) {
            throw new TokenRejectedException(AUDIENCE, "aud names no accepted audience");
        }
        return TokenPrincipal.of(userId(claims), optionalString(claims, "user_email", "email"),
                (String) claims.get("iss"), optionalString(claims, "jti"), toInstant(iat), toInstant(exp),
                groups(claims), algorithm, claims, rawToken);
    }

    private static BigDecimal numericDate(Map<String, Object> claims, String name, boolean required)
            throws TokenRejectedException {
        Object value = claims.get(name);
        if (value == null) {
            if (required) {
                throw new TokenRejectedException(CLAIMS, name + " is missing");
            }
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new TokenRejectedException(CLAIMS, name + " is not a number");
        }
        try {
            return new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            throw new TokenRejectedException(CLAIMS, name + " is not a finite number");
        }
    }

    private boolean audienceAccepted(Object aud) {
        if (aud instanceof String single) {
            return policy.audiences().contains(single);
        }
        if (aud instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && policy.audiences().contains(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String userId(Map<String, Object> claims) throws TokenRejectedException {
        Object userIdClaim = claims.get("user_id");
        Object sub = claims.get("sub");
        if (userIdClaim != null && !(userIdClaim instanceof String)) {
            throw new TokenRejectedException(SUBJECT, "user_id is not a string");
        }
        if (sub != null && !(sub instanceof String)) {
            throw new TokenRejectedException(SUBJECT, "sub is not a string");
        }
        if (userIdClaim != null && sub != null && !userIdClaim.equals(sub)) {
            throw new TokenRejectedException(SUBJECT, "user_id and sub differ");
        }
        String id = (String) (userIdClaim != null ? userIdClaim : sub);
        if (id == null) {
            throw new TokenRejectedException(SUBJECT, "no user id (user_id or sub)");
        }
        int length = id.codePointCount(0, id.length());
        if (length < 1 || length > MAX_USER_ID_LENGTH) {
            throw new TokenRejectedException(SUBJECT, "user id length outside 1.." + MAX_USER_ID_LENGTH);
        }
        if (id.codePoints().anyMatch(Character::isISOControl)) {
            throw new TokenRejectedException(SUBJECT, "user id contains a control character");
        }
        return id;
    }

    /** The first of the named claims that is present; a present one that is not a string refuses. */
    private static String optionalString(Map<String, Object> claims, String... names) throws TokenRejectedException {
        for (String name : names) {
            Object value = claims.get(name);
            if (value instanceof String s) {
                return s;
            }
            if (value != null) {
                throw new TokenRejectedException(CLAIMS, name + " is not a string");
            }
        }
        return null;
    }

    /** Every caller is a user; a groups array or a role claim (comma separated) may add admin. */
    private static Set<String> groups(Map<String, Object> claims) {
        boolean admin = claims.get("groups") instanceof Collection<?> c && c.contains("admin")
                || claims.get("role") instanceof String r && Stream.of(r.split(",")).map(String::trim).anyMatch("admin"::equals);
        return admin ? Set.of("user", "admin") : Set.of("user");
    }

    private static Instant toInstant(BigDecimal epochSeconds) {
        return Instant.ofEpochMilli(epochSeconds.movePointRight(3).longValue());
    }
}
