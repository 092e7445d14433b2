package app.todo.identity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import app.todo.support.MutableClock;

class RefetchThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RefetchThrottle throttle = new RefetchThrottle(clock, Duration.ofSeconds(30));

    @Test
    void theFirstRefetchIsAllowedAtOnce() {
        assertTrue(throttle.tryAcquire());
    }

    @Test
    void oneRefetchPerInterval() {
        assertTrue(throttle.tryAcquire());
        assertFalse(throttle.tryAcquire());
        clock.advance(Duration.ofSeconds(29));
        assertFalse(throttle.tryAcquire());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(throttle.tryAcquire());
        assertFalse(throttle.tryAcquire());
    }

    @Test
    void aFetchStartedWithoutAskingStartsTheIntervalAgain() {
        assertTrue(throttle.tryAcquire());
        clock.advance(Duration.ofSeconds(20));
        throttle.record();
        clock.advance(Duration.ofSeconds(10));
        assertFalse(throttle.tryAcquire(), "30 s after the permit, but 10 s after the recorded fetch");
        assertEquals(Duration.ofSeconds(20), throttle.remaining());
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ZERO, throttle.remaining());
        assertTrue(throttle.tryAcquire());
    }

    @Test
    void remainingCountsDownToZeroAndNeverBelow() {
        assertEquals(Duration.ZERO, throttle.remaining(), "nothing fetched yet");
        assertTrue(throttle.tryAcquire());
        assertEquals(Duration.ofSeconds(30), throttle.remaining());
        clock.advance(Duration.ofMillis(29_999));
        assertEquals(Duration.ofMillis(1), throttle.remaining());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Duration.ZERO, throttle.remaining());
    }

    @Test
    void refusedAttemptsDoNotExtendTheWindow() {
        assertTrue(throttle.tryAcquire());
        for (int i = 0; i < 29; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertFalse(throttle.tryAcquire());
        }
        clock.advance(Duration.ofSeconds(1));
        assertTrue(throttle.tryAcquire());
    }
}
