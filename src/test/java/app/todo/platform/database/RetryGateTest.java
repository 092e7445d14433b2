package app.todo.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** A normal start waits; while the database is away, one retry at a time, none too soon, the rest fail at once. */
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
    void beforeAnyFailureOthersWaitForTheAttemptUnderWay() throws Exception {
        RetryGate gate = new RetryGate(Duration.ZERO);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = underWay(gate, release, attempts::incrementAndGet);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(
                () -> gate.attempt(attempts::incrementAndGet, Refused::new));
        Thread.sleep(200);
        assertFalse(second.isDone(), "waits instead of failing");
        release.countDown();
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        assertEquals(2, second.get(10, TimeUnit.SECONDS));
    }

    @Test
    void afterAFailureWhileOneCallerRetriesTheOthersFailAtOnce() throws Exception {
        RetryGate gate = new RetryGate(Duration.ZERO);
        assertThrows(Refused.class, () -> gate.attempt(() -> {
            throw new IllegalStateException("down");
        }, Refused::new));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> retry = underWay(gate, release, attempts::incrementAndGet);

        Refused refused = assertThrows(Refused.class, () -> gate.attempt(attempts::incrementAndGet, Refused::new));
        assertInstanceOf(SQLTransientConnectionException.class, refused.getCause());
        release.countDown();
        assertEquals(1, retry.get(10, TimeUnit.SECONDS));
        assertEquals(1, attempts.get());
    }

    @Test
    void whoWaitedForAnAttemptThatFailedIsRefusedWithoutTryingAgain() throws Exception {
        RetryGate gate = new RetryGate(Duration.ofHours(1));
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException down = new IllegalStateException("down");
        CompletableFuture<Integer> first = underWay(gate, release, () -> {
            throw down;
        });
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(
                () -> gate.attempt(attempts::incrementAndGet, Refused::new));
        Thread.sleep(200);
        release.countDown();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertSame(down, refused.getCause().getCause());
        assertEquals(0, attempts.get());
        assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
    }

    /** An attempt that has begun and ends, with the outcome, once released. */
    private static CompletableFuture<Integer> underWay(RetryGate gate, CountDownLatch release, Supplier<Integer> outcome)
            throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Integer> attempt = CompletableFuture.supplyAsync(() -> gate.attempt(() -> {
            inside.countDown();
            await(release);
            return outcome.get();
        }, Refused::new));
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        return attempt;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
