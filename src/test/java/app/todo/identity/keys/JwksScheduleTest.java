package app.todo.identity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import app.todo.support.ManualScheduler;
import app.todo.support.MutableClock;
import app.todo.support.SigningKey;

/** The refresh schedule on a {@link MutableClock}: a tick runs only when the test moves the clock past it. */
class JwksScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean up;

    private final JwksKeys keys = new JwksKeys(new JwksKeys.Source() {
        @Override
        public String fetch() throws IOException {
            calls.incrementAndGet();
            if (!up) {
                throw new IOException("down");
            }
            return SigningKey.jwks(List.of(SigningKey.ed25519("r-1")));
        }

        @Override
        public String describe() {
            return "test";
        }
    }, clock, RETRY, Duration.ofSeconds(1), scheduler);

    @Test
    void aFetchIsDueAnIntervalAfterSuccessAndSoonerAfterAFailure() {
        Duration retry = Duration.ofSeconds(30);
        assertTrue(JwksKeys.due(JwksKeys.Status.NEVER_FETCHED, T0, INTERVAL, retry));

        JwksKeys.Status good = JwksKeys.Status.NEVER_FETCHED.succeeded(T0, 3);
        assertFalse(JwksKeys.due(good, T0.plusSeconds(299), INTERVAL, retry));
        assertTrue(JwksKeys.due(good, T0.plusSeconds(300), INTERVAL, retry));

        JwksKeys.Status stale = good.failed(T0.plusSeconds(10), "down");
        assertFalse(JwksKeys.due(stale, T0.plusSeconds(39), INTERVAL, retry));
        assertTrue(JwksKeys.due(stale, T0.plusSeconds(40), INTERVAL, retry));

        JwksKeys.Status never = JwksKeys.Status.NEVER_FETCHED.failed(T0, "down");
        assertFalse(JwksKeys.due(never, T0.plusSeconds(29), INTERVAL, retry));
        assertTrue(JwksKeys.due(never, T0.plusSeconds(30), INTERVAL, retry));
    }

    @Test
    void fetchesAtStartAndRecoversOneRetryAfterTheServerComesUp() {
        keys.start(INTERVAL);
        assertEquals(1, calls.get(), "the first fetch is done when start returns");
        up = true;
        advance(RETRY.minusMillis(1));
        assertEquals(1, calls.get(), "not before the retry delay");
        advance(Duration.ofMillis(1));
        assertEquals(2, calls.get());
        assertTrue(keys.status().everFetched(), "retried after the failure");
    }

    @Test
    void afterASuccessTheNextFetchWaitsTheFullInterval() {
        up = true;
        keys.start(INTERVAL);
        for (Duration waited = Duration.ZERO; waited.compareTo(INTERVAL) < 0; waited = waited.plus(RETRY)) {
            assertEquals(1, calls.get(), () -> "fetched again after " + clock.instant());
            advance(RETRY);
        }
        assertEquals(2, calls.get(), "one fetch when the interval is over");
    }

    @Test
    void aFailedRefetchOfARequestBringsTheNextFetchForward() {
        up = true;
        keys.start(INTERVAL);
        up = false;
        keys.refresh();
        assertTrue(keys.status().stale());
        up = true;
        advance(RETRY);
        assertFalse(keys.status().stale(), "the schedule retried after the retry delay, not after five minutes");
        assertEquals(3, calls.get());
    }

    @Test
    void closeStopsTheSchedule() {
        keys.start(INTERVAL);
        keys.close();
        advance(INTERVAL.multipliedBy(2));
        assertEquals(1, calls.get(), "only the start-up fetch");
        assertEquals(0, scheduler.pending());
    }

    /** Moves the clock in steps no longer than the retry delay, running the ticks due after each step. */
    private void advance(Duration by) {
        Instant until = clock.instant().plus(by);
        while (clock.instant().isBefore(until)) {
            Duration step = Duration.between(clock.instant(), until);
            clock.advance(step.compareTo(RETRY) < 0 ? step : RETRY);
            scheduler.runDue();
        }
    }
}
