package app.todo.identity.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps JWKS fetches at least an interval apart, counted from the start of one fetch to the start of
 * the next. Anyone can send a token with a made-up {@code kid} (RFC 7515 §4.1.4); without this, every
 * such token would make us call the auth server. Every fetch start is recorded, whoever makes it, so
 * the interval bounds all fetches of a node, not only those caused by unknown kids. (jose4j's
 * {@code HttpsJwks.setRefreshReprieveThreshold} counts from the last successful fetch only, so while the JWKS fails
 * every unknown kid fetches: 50 fetches for 50 forged kids, scripts/JwksVsJose4j.java.)
 */
public final class RefetchThrottle {

    /** The shortest interval the configuration accepts (TODO_JWKS_REFRESH_MIN_INTERVAL). */
    public static final Duration LEAST_INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private final Duration minInterval;
    private Instant last;

    RefetchThrottle(Clock clock, Duration minInterval) {
        this.clock = clock;
        this.minInterval = minInterval;
    }

    /** True, and the interval starts again, when the last fetch started at least the interval ago. */
    synchronized boolean tryAcquire() {
        if (!remaining().isZero()) {
            return false;
        }
        last = clock.instant();
        return true;
    }

    /** A fetch starts now without asking (the start-up fetch, the regular schedule): the interval starts again. */
    synchronized void record() {
        last = clock.instant();
    }

    /** How long until {@link #tryAcquire()} can succeed; zero when it can now. Never negative. */
    synchronized Duration remaining() {
        if (last == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), last.plus(minInterval));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
