package app.todo.identity.revocation;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import app.todo.identity.token.TokenPrincipal;

/**
 * This node's copy of every revocation still in force, in memory: what each request is checked against (never the
 * database). Per user id: the sign-out instant in whole epoch seconds (a token whose {@code iat}, cut to the
 * second, is at or before it is refused: one minted in the same second too, the safe side), and the revoked tokens
 * by {@link TokenPrincipal#revocationKey()}, each until its {@code exp} + leeway (epoch ms). Revocations only add up
 * (a merge keeps the later instant), so applying one twice, or a reload racing with a notification, never loses
 * one; {@link #purge} drops what can no longer matter. Thread-safe; lock-free reads.
 */
public final class RevocationView {

    /** user id → epoch second: tokens with iat at or before it are refused. */
    private final ConcurrentHashMap<String, Long> signedOut = new ConcurrentHashMap<>();
    /** user id → (revocation key → until, epoch ms). */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> tokens = new ConcurrentHashMap<>();

    /** Two hash lookups: a few tens of nanoseconds, whatever the number of revocations (docs/performance.md). */
    public boolean isRevoked(TokenPrincipal principal) {
        String user = principal.userId();
        Long before = signedOut.get(user);
        if (before != null && principal.issuedAt().getEpochSecond() <= before) {
            return true;
        }
        Map<String, Long> revoked = tokens.get(user);
        return revoked != null && revoked.containsKey(principal.revocationKey());
    }

    /** Records a sign-out: tokens of this user with iat at or before {@code epochSecond} are refused. */
    public void signOut(String userId, long epochSecond) {
        signedOut.merge(userId, epochSecond, Math::max);
    }

    /** Records a revoked token until {@code untilMillis} (its exp + leeway, epoch ms). */
    public void revoke(String userId, String revocationKey, long untilMillis) {
        // compute() holds the user's bin, so a purge emptying and removing this user's map cannot lose the entry
        tokens.compute(userId, (user, keys) -> {
            ConcurrentHashMap<String, Long> held = keys == null ? new ConcurrentHashMap<>() : keys;
            held.merge(revocationKey, untilMillis, Math::max);
            return held;
        });
    }

    /**
     * Forgets what can no longer refuse a token: revoked tokens past their until, and sign-outs older than
     * {@code signOutsBefore} (now − longest token lifetime − leeway: every token issued before then has expired).
     *
     * @return how many entries were dropped
     */
    public int purge(Instant now, Instant signOutsBefore) {
        int[] dropped = {0};
        long nowMillis = now.toEpochMilli();
        long oldest = signOutsBefore.getEpochSecond();
        signedOut.entrySet().removeIf(e -> e.getValue() < oldest && ++dropped[0] > 0);
        for (String user : tokens.keySet()) {
            tokens.computeIfPresent(user, (u, keys) -> {
                keys.entrySet().removeIf(e -> e.getValue() < nowMillis && ++dropped[0] > 0);
                return keys.isEmpty() ? null : keys;
            });
        }
        return dropped[0];
    }

    /**
     * Applies the payload of a revocation NOTIFY ({@link RevocationStore#CHANNEL}): tab-separated, the free-form
     * revocation key last (PostgreSQL limits it to 8000 bytes; these stay under 400). {@code s<TAB><epoch second><TAB>
     * <user id>}: a sign-out; {@code t<TAB><until, epoch ms><TAB><user id><TAB><revocation key>}: a revoked token. A
     * user id holds no control characters (ClaimRules), so it never holds the separator.
     *
     * @return false when the payload is not a notice of this form (the caller then reloads everything)
     */
    public boolean apply(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split("\t", 4);
        try {
            if (parts.length == 3 && parts[0].equals("s") && !parts[2].isEmpty()) {
                signOut(parts[2], Long.parseLong(parts[1]));
                return true;
            }
            if (parts.length == 4 && parts[0].equals("t") && !parts[2].isEmpty() && !parts[3].isEmpty()) {
                revoke(parts[2], parts[3], Long.parseLong(parts[1]));
                return true;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return false;
    }

    public int signOuts() {
        return signedOut.size();
    }

    public int revokedTokens() {
        return tokens.values().stream().mapToInt(Map::size).sum();
    }
}
