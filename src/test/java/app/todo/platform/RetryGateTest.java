package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** While the database is away: one attempt at a time, none too soon after a failure, the rest fail at once. */
class RetryGateTest {

    static final class Refused extends RuntimeException {
        Refused(Throwable cause) {
            super(cause);
        }
    }

    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aSuccessIsReturnedAndTheNextCallTriesAgain() {
        RetryGate gate = new RetryGate(Duration.ofHours(1));
        assertEquals(1, gate.attempt(attempts::incrementAndGet, Refused::new));
        assertEquals(2, gate.attempt(attempts::incrementAndGet, Refused::new));
    }

    @Test
    void afterAFailureCallsWithinThePauseFailAtOnceWithThatFailure() {
        RetryGate gate = new RetryGate(Duration.ofHours(1));
        IllegalStateException down = new IllegalStateException("connection refused");
        Refused first = assertThrows(Refused.class, () -> gate.attempt(() -> {
            attempts.incrementAndGet();
            throw down;
        }, Refused::new));
        assertSame(down, first.getCause());

        Refused second = assertThrows(Refused.class, () -> gate.attempt(attempts::incrementAndGet, Refused::new));
        assertSame(down, second.getCause());
        assertEquals(1, attempts.get(), "not tried again within the pause");
    }

    @Test
    void afterThePauseItIsTriedAgain() {
        RetryGate gate = new RetryGate(Duration.ZERO);
        assertThrows(Refused.class, () -> gate.attempt(() -> {
            throw new IllegalStateException("down");
        }, Refused::new));
        assertEquals(1, gate.attempt(attempts::incrementAndGet, Refused::new));
    }

    @Test
    void whileOneCallerTriesTheOthersFailAtOnce() throws Exception {
        RetryGate gate = new RetryGate(Duration.ZERO);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> gate.attempt(() -> {
            inside.countDown();
            await(release);
            return attempts.incrementAndGet();
        }, Refused::new));
        assertEquals(true, inside.await(10, TimeUnit.SECONDS));

        Refused refused = assertThrows(Refused.class, () -> gate.attempt(attempts::incrementAndGet, Refused::new));
        assertInstanceOf(SQLTransientConnectionException.class, refused.getCause());
        release.countDown();
        assertEquals(1, slow.get(10, TimeUnit.SECONDS));
        assertEquals(1, attempts.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
