package app.todo.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that passed every check, remembered for a short while so that a frontend sending the same
 * token again does not pay the signature again (measured: EdDSA ~1.3 ms, ES256 ~2 ms of CPU per check
 * here, HS256 ~16 µs). An entry never outlives its token ({@code exp} + leeway, the same instant at
 * which the full check would start refusing it) nor {@code maxAge}, so a key withdrawn from the JWKS
 * stops working within {@code maxAge}. Bounded: when full, it starts over. Per node; nothing shared.
 * Kept over Caffeine (W-TinyLFU eviction, per-entry expiry, same bounds): measured slower here, 87 ns against
 * 328 ns a hit and 0.85 µs against 2.6 µs a miss with a put into a full cache (VerifiedTokensBenchmark, 2 threads).
 */
public final class VerifiedTokens {

    private record Entry(TokenPrincipal principal, Instant until) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Duration maxAge;
    private final Duration leeway;
    private final Clock clock;

    public VerifiedTokens(int maxEntries, Duration maxAge, Duration leeway, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.leeway = leeway;
        this.clock = clock;
    }

    /** The principal of a token verified before and still valid, or null. */
    public TokenPrincipal get(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (clock.instant().isAfter(entry.until())) {
            entries.remove(token, entry);
            return null;
        }
        return entry.principal();
    }

    public void put(String token, TokenPrincipal principal) {
        if (maxEntries == 0) {
            return;
        }
        Instant now = clock.instant();
        Instant expiry = principal.expiresAt().plus(leeway);
        Instant until = expiry.isBefore(now.plus(maxAge)) ? expiry : now.plus(maxAge);
        if (!until.isAfter(now)) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(token, new Entry(principal, until));
    }
}
