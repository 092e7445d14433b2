package app.todo.identity.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void letsThroughTheLimitEachSecondAndReportsWhatItLeftOut() {
        BearerFilter.LogThrottle throttle = new BearerFilter.LogThrottle(2);
        assertEquals(0, throttle.tryAcquire(10_000));
        assertEquals(0, throttle.tryAcquire(10_100));
        assertEquals(-1, throttle.tryAcquire(10_200));
        assertEquals(-1, throttle.tryAcquire(10_999));
        assertEquals(2, throttle.tryAcquire(11_000), "the first line of the next second counts the suppressed");
        assertEquals(0, throttle.tryAcquire(11_001));
        assertEquals(-1, throttle.tryAcquire(11_002));
    }
}
