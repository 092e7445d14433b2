package app.todo.identity.http;

/**
 * At most {@code perSecond} log lines a second for one kind of event. A flood of bad tokens must not
 * become a flood of log (measured: 401s at ~8,000/s wrote ~2.8 MB of log a second); the metrics still
 * count every one, and the first line of each second says how many were left out before it.
 */
final class LogThrottle {

    private final int perSecond;
    private long second;
    private int logged;
    private long suppressed;

    LogThrottle(int perSecond) {
        this.perSecond = perSecond;
    }

    /**
     * Whether this event may be logged now; if so, returns how many were suppressed since the last
     * logged one (0 usually), else -1.
     */
    synchronized long tryAcquire(long nowMillis) {
        long current = nowMillis / 1000;
        if (current != second) {
            second = current;
            logged = 0;
        }
        if (logged < perSecond) {
            logged++;
            long left = suppressed;
            suppressed = 0;
            return left;
        }
        suppressed++;
        return -1;
    }
}
