package app.todo.identity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.todo.support.SigningKey;

class JwksRefresherTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
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
    }, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(1), scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aFetchIsDueAnIntervalAfterSuccessAndSoonerAfterAFailure() {
        JwksRefresher refresher = new JwksRefresher(keys, scheduler, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertTrue(refresher.due(JwksStatus.NEVER_FETCHED, T0));

        JwksStatus good = JwksStatus.NEVER_FETCHED.succeeded(T0, 3);
        assertFalse(refresher.due(good, T0.plusSeconds(299)));
        assertTrue(refresher.due(good, T0.plusSeconds(300)));

        JwksStatus stale = good.failed(T0.plusSeconds(10), "down");
        assertFalse(refresher.due(stale, T0.plusSeconds(39)));
        assertTrue(refresher.due(stale, T0.plusSeconds(40)));

        JwksStatus never = JwksStatus.NEVER_FETCHED.failed(T0, "down");
        assertFalse(refresher.due(never, T0.plusSeconds(29)));
        assertTrue(refresher.due(never, T0.plusSeconds(30)));
    }

    @Test
    void fetchesAtStartAndRecoversWhenTheServerComesUp() throws InterruptedException {
        try (JwksRefresher refresher = new JwksRefresher(keys, scheduler, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMillis(50))) {
            refresher.start();
            assertEquals(1, calls.get(), "the first fetch is done when start returns");
            up = true;
            for (int i = 0; i < 200 && !keys.status().everFetched(); i++) {
                Thread.sleep(50);
            }
            assertTrue(keys.status().everFetched(), "retried after the failure");
            int afterSuccess = calls.get();
            Thread.sleep(300);
            assertEquals(afterSuccess, calls.get(), "then waits the full interval");
        }
    }

    @Test
    void aFailedRefetchOfARequestBringsTheNextFetchForward() throws InterruptedException {
        up = true;
        try (JwksRefresher refresher = new JwksRefresher(keys, scheduler, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMillis(50))) {
            refresher.start();
            up = false;
            keys.refresh();
            assertTrue(keys.status().stale());
            up = true;
            for (int i = 0; i < 200 && keys.status().stale(); i++) {
                Thread.sleep(50);
            }
            assertFalse(keys.status().stale(), "the schedule retried soon, not after five minutes");
        }
    }

    @Test
    void closeStopsTheSchedule() throws InterruptedException {
        JwksRefresher refresher = new JwksRefresher(keys, scheduler, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMillis(20));
        refresher.start();
        refresher.close();
        int closed = calls.get();
        Thread.sleep(200);
        assertTrue(calls.get() <= closed + 1, "at most a run already under way");
    }
}
