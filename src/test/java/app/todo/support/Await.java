package app.todo.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The tests' one bounded wait for a condition that another process or thread makes true: asks every
 * {@link #INTERVAL} until it holds or the timeout has passed, then fails with what was awaited.
 */
public final class Await {

    /** 50 ms: short beside every timeout the tests wait for, long enough not to spin a shared core. */
    public static final Duration INTERVAL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Waits until {@code condition} is true; throws {@link AssertionError} naming {@code what} once {@code timeout}
     * has passed without it. The condition is asked at least once, and once more at the deadline.
     */
    public static void awaitUntil(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        awaitUntil(condition, timeout, INTERVAL, what);
    }

    /**
     * {@link #awaitUntil(BooleanSupplier, Duration, Supplier)} asking every {@code interval}: for a state that lasts
     * shorter than {@link #INTERVAL} (a node's drain window before its port closes).
     */
    public static void awaitUntil(BooleanSupplier condition, Duration timeout, Duration interval, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            LockSupport.parkNanos(Math.min(left, interval.toNanos()));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what.get());
            }
        }
    }

    /** {@link #awaitUntil(BooleanSupplier, Duration, Supplier)} with a fixed description. */
    public static void awaitUntil(BooleanSupplier condition, Duration timeout, String what) {
        awaitUntil(condition, timeout, () -> what);
    }
}
