package app.todo.platform;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * For work that needs the database once (migrating the schema, starting the JPA unit) and must be retried while
 * the database is away: one attempt at a time, and none within {@code pause} of a failed one. Requests in between
 * fail at once with the last failure, so during an outage they answer 503 quickly instead of queueing behind
 * connection timeouts one after another.
 */
final class RetryGate {

    private final Duration pause;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Throwable lastFailure;
    private volatile long nextAttempt;

    RetryGate(Duration pause) {
        this.pause = pause;
    }

    /**
     * Runs the action unless another caller is running it or the last attempt failed less than {@code pause} ago.
     *
     * @param refusal turns the failure (this attempt's, the last attempt's, or "another attempt is running") into
     *                what the caller throws
     */
    <T> T attempt(Supplier<T> action, Function<Throwable, RuntimeException> refusal) {
        Throwable last = lastFailure;
        if (last != null && System.nanoTime() - nextAttempt < 0) {
            throw refusal.apply(last);
        }
        if (!lock.tryLock()) {
            throw refusal.apply(last != null ? last
                    : new SQLTransientConnectionException("another request is trying the database now"));
        }
        try {
            T result = action.get();
            lastFailure = null;
            return result;
        } catch (RuntimeException e) {
            nextAttempt = System.nanoTime() + pause.toNanos();
            lastFailure = e;
            throw refusal.apply(e);
        } finally {
            lock.unlock();
        }
    }
}
