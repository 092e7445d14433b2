package app.todo.platform.database;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * For work that needs the database once (migrating the schema, starting the JPA unit) and must be retried while
 * the database is away. Until something has failed, callers wait for the attempt under way (a normal start: the
 * first requests after start-up wait for the unit instead of failing). Once an attempt has failed: one retry at a
 * time and none within {@code pause} of the failure; callers in between fail at once with the last failure, so
 * during an outage they answer 503 quickly instead of queueing behind connection timeouts one after another.
 */
// Kept over MicroProfile Fault Tolerance: no annotation says "callers wait for the first attempt, then one retry at a time and the others fail at once with the last failure", and it guards two start-up actions (the schema, the JPA unit), which leave the per-request path once they have succeeded.
final class RetryGate {

    private final Duration pause;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Throwable lastFailure;
    private volatile long nextAttempt;

    RetryGate(Duration pause) {
        this.pause = pause;
    }

    /**
     * Runs the action, or refuses as described above.
     *
     * @param refusal turns the failure (this attempt's, the last attempt's, or "another attempt is running") into
     *                what the caller throws
     */
    <T> T attempt(Supplier<T> action, Function<Throwable, RuntimeException> refusal) {
        Throwable last = lastFailure;
        if (last != null && tooSoon()) {
            throw refusal.apply(last);
        }
        if (last == null) {
            lock.lock();
        } else if (!lock.tryLock()) {
            throw refusal.apply(new SQLTransientConnectionException("another request is trying the database now",
                    last));
        }
        RuntimeException refused;
        try {
            Throwable meanwhile = lastFailure;
            if (meanwhile != null && tooSoon()) {
                refused = refusal.apply(meanwhile); // the attempt this caller waited for has just failed
            } else {
                try {
                    T result = action.get();
                    lastFailure = null;
                    return result;
                } catch (RuntimeException e) {
                    nextAttempt = System.nanoTime() + pause.toNanos();
                    lastFailure = e;
                    refused = refusal.apply(e);
                }
            }
        } finally {
            lock.unlock();
        }
        throw refused;
    }

    private boolean tooSoon() {
        return System.nanoTime() - nextAttempt < 0;
    }
}
