package app.todo.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Allows one JWKS refetch per interval. Anyone can send a token with a made-up kid; without this,
 * every such token would make us call the auth server.
 */
final class RefetchThrottle {

    private final Clock clock;
    private final Duration minInterval;
    private Instant last;

    RefetchThrottle(Clock clock, Duration minInterval) {
        this.clock = clock;
        this.minInterval = minInterval;
    }

    /** True, and the interval starts again, when the last permit is at least the interval old. */
    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(minInterval))) {
            return false;
        }
        last = now;
        return true;
    }
}
