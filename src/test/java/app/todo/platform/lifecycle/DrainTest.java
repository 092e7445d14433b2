package app.todo.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Once draining, new requests are refused; the drain waits for those in flight, and no longer than its bound. */
class DrainTest {

    @BeforeEach
    @AfterEach
    void serving() {
        Drain.reset();
    }

    @Test
    void requestsInFlightFinishAndNewOnesAreRefused() throws Exception {
        assertTrue(Drain.enter());
        assertEquals(1, Drain.inFlight());
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return Drain.begin(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!Drain.draining()) {
            Thread.onSpinWait();
        }
        assertFalse(Drain.enter(), "a new request is refused");
        assertEquals(1, Drain.inFlight(), "and not counted");
        assertFalse(drained.isDone(), "the drain waits for the request in flight");
        Drain.leave();
        assertTrue(drained.get(5, TimeUnit.SECONDS), "and ends when it has finished");
        assertEquals(0, Drain.inFlight());
    }

    @Test
    void theDrainIsBounded() throws Exception {
        assertTrue(Drain.enter());
        assertFalse(Drain.begin(Duration.ofMillis(50)), "a request that never ends does not hold the shutdown");
        assertTrue(Drain.draining());
        Drain.leave();
    }

    @Test
    void nothingInFlightDrainsAtOnce() throws Exception {
        assertTrue(Drain.begin(Duration.ofSeconds(10)));
        assertFalse(Drain.enter());
    }
}
