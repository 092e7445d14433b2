package app.todo.identity.revocation;

import java.time.Duration;
import java.time.Instant;

/**
 * How this node's view of the revocations stands, for readiness, metrics and the log.
 *
 * @param mode      how the view learns the revocations of other nodes
 * @param listening whether the LISTEN connection is up (PostgreSQL); false otherwise
 * @param lastSync  the last moment the view was known to hold every committed revocation; null when never
 * @param lastError why the last attempt to reach the store failed (class and SQL state only: never SQL, a URL or a
 *                  password); null when the last attempt worked
 * @param signOuts  sign-outs held
 * @param tokens    revoked tokens held
 */
public record RevocationStatus(RevocationSync.Mode mode, boolean listening, Instant lastSync, String lastError,
                               int signOuts, int tokens) {

    /** A view older than this is reported as stale (the sync looks every second). */
    static final Duration FRESH = Duration.ofSeconds(3);

    /** Whether the view may be used at {@code now}: loaded once, and (with other nodes) synced within the bound. */
    public boolean usable(Instant now, Duration maxStaleness) {
        if (lastSync == null) {
            return false;
        }
        return mode == RevocationSync.Mode.LOCAL || !now.isAfter(lastSync.plus(maxStaleness));
    }

    /** Seconds since the view was last known complete; 0 on a single node once loaded; -1 when never loaded. */
    public double lagSeconds(Instant now) {
        if (lastSync == null) {
            return -1;
        }
        if (mode == RevocationSync.Mode.LOCAL) {
            return 0;
        }
        return Math.max(0, Duration.between(lastSync, now).toMillis() / 1000.0);
    }

    /** Synced within {@link #FRESH} (or single-node and loaded). */
    public boolean fresh(Instant now) {
        return usable(now, FRESH);
    }

    /** One line for readiness: {@code ok: …}, {@code stale since …}, or why the view was never loaded. */
    public String describe(Instant now) {
        String held = signOuts + " sign-outs, " + tokens + " revoked tokens";
        if (lastSync == null) {
            return "not loaded yet (" + lastError + ")";
        }
        if (!fresh(now)) {
            return "stale since " + lastSync + " (" + lastError + "); " + held;
        }
        String how = switch (mode) {
            case LOCAL -> "single node, in memory";
            case LISTEN -> listening ? "listening" : "polling every second, listener down";
            case POLL -> "polling every second";
        };
        return "ok: " + how + ", synced at " + lastSync + "; " + held;
    }
}
