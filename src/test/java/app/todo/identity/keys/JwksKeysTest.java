package app.todo.identity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.todo.support.ManualScheduler;
import app.todo.support.MutableClock;
import app.todo.support.SigningKey;
import app.todo.identity.config.TokenSettings;

/**
 * Key selection, refetch on unknown kid, its throttle and the fetch owed to refused tokens, and keeping
 * the last good keys; no HTTP. Time is a {@link MutableClock}; owed fetches run when the test says so.
 */
class JwksKeysTest {

    private static final List<SigningKey> KEYS = SigningKey.everyAlgorithm("a-");
    private static final SigningKey ROTATED = SigningKey.ed25519("a-ed25519-2");
    /** The default TODO_JWKS_REFRESH_MIN_INTERVAL. */
    private static final Duration MIN_INTERVAL = TokenSettings.DEFAULT_JWKS_REFRESH_MIN_INTERVAL;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final FakeSource source = new FakeSource();
    private final JwksKeys keys = new JwksKeys(source, clock, MIN_INTERVAL, Duration.ofSeconds(2), scheduler);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Thread> callers = new CopyOnWriteArrayList<>();
    private final AtomicInteger submitted = new AtomicInteger();

    @AfterEach
    void stop() {
        source.release.countDown();
        pool.shutdownNow();
    }

    @Test
    void selectsTheKeyByKidAndAlg() {
        source.publish(KEYS);
        assertTrue(keys.refresh());
        for (SigningKey key : KEYS) {
            assertEquals(List.of(key.pair().getPublic()), keys.keysFor(key.alg(), key.kid()), key.toString());
        }
        assertEquals(List.of(), keys.keysFor("ES256", KEYS.get(0).kid()), "a known kid whose key does not fit the alg");
        assertEquals(List.of(), keys.keysFor("EdDSA", null));
        assertEquals(1, source.calls.get(), "no refetch for a known kid or a missing one");
    }

    @Test
    void anUnknownKidRefetchesOnceAndFindsARotatedKey() {
        source.publish(KEYS);
        keys.refresh();
        clock.advance(MIN_INTERVAL);
        source.publish(List.of(KEYS.get(0), ROTATED));
        assertEquals(List.of(ROTATED.pair().getPublic()), keys.keysFor("EdDSA", ROTATED.kid()));
        assertEquals(2, source.calls.get());
        assertEquals(List.of(KEYS.get(0).pair().getPublic()), keys.keysFor("EdDSA", KEYS.get(0).kid()), "the old kid while published");
        assertEquals(List.of(), keys.keysFor("ES256", KEYS.get(1).kid()), "a key no longer published is gone at once");
    }

    @Test
    void forgedKidsRefetchAtMostOncePerInterval() {
        source.publish(KEYS);
        keys.refresh();
        clock.advance(MIN_INTERVAL);
        for (int i = 0; i < 100; i++) {
            assertEquals(List.of(), keys.keysFor("EdDSA", "forged-" + i));
        }
        assertEquals(2, source.calls.get(), "one refetch for 100 forged kids");
        clock.advance(MIN_INTERVAL.minusMillis(1));
        assertEquals(0, scheduler.runDue(), "nothing before the interval is over");
        keys.keysFor("EdDSA", "forged-x");
        assertEquals(2, source.calls.get());
        clock.advance(Duration.ofMillis(1));
        keys.keysFor("EdDSA", "forged-y");
        assertEquals(3, source.calls.get(), "again after the interval");
        clock.advance(Duration.ofMillis(1));
        scheduler.runDue();
        assertEquals(3, source.calls.get(), "the fetch owed to the refused kids was paid by forged-y's");
    }

    @Test
    void aFetchStartedWithoutAskingStartsTheIntervalAgain() {
        source.publish(KEYS);
        keys.refresh();
        clock.advance(MIN_INTERVAL.minusMillis(500));
        keys.refresh();
        clock.advance(Duration.ofMillis(500));
        keys.keysFor("EdDSA", "forged-1");
        assertEquals(2, source.calls.get(), "an interval after the first fetch, but not after the second");
        clock.advance(MIN_INTERVAL);
        keys.keysFor("EdDSA", "forged-2");
        assertEquals(3, source.calls.get());
    }

    @Test
    void aTokenRefusedWhileTheThrottleIsClosedIsOwedOneFetchWhenItReopens() {
        source.publish(KEYS);
        keys.refresh();
        clock.advance(MIN_INTERVAL);
        assertEquals(List.of(), keys.keysFor("EdDSA", "forged-1"), "a forged kid takes the throttle");
        source.publish(List.of(KEYS.get(0), ROTATED));
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(), keys.keysFor("EdDSA", ROTATED.kid()), "refused at once while the throttle is closed");
        }
        assertEquals(2, source.calls.get(), "no fetch on the request thread");
        clock.advance(MIN_INTERVAL.minusMillis(1));
        scheduler.runDue();
        assertEquals(2, source.calls.get(), "not before the throttle reopens");
        clock.advance(Duration.ofMillis(2));
        scheduler.runDue();
        assertEquals(3, source.calls.get(), "one fetch for all the refused tokens, without another request");
        assertEquals(List.of(ROTATED.pair().getPublic()), keys.keysFor("EdDSA", ROTATED.kid()), "the client's next try");
        assertEquals(3, source.calls.get());
        assertEquals(0, scheduler.pending(), "nothing more is owed");
    }

    @Test
    void aFetchUnderWayThatBeganBeforeTheKeyWasPublishedOwesAnother() throws Exception {
        source.publish(KEYS);
        source.block();
        Future<Boolean> scheduled = pool.submit(keys::refresh);
        assertTrue(source.entered.await(5, TimeUnit.SECONDS));
        source.publish(List.of(KEYS.get(0), ROTATED));
        Future<List<Key>> first = submit(() -> keys.keysFor("EdDSA", ROTATED.kid()));
        awaitWaiting();
        source.release.countDown();
        assertTrue(scheduled.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), first.get(5, TimeUnit.SECONDS), "the fetch it waited for served the old set");
        clock.advance(MIN_INTERVAL.plusMillis(1));
        scheduler.runDue();
        assertEquals(2, source.calls.get(), "a fetch was owed to it");
        assertEquals(List.of(ROTATED.pair().getPublic()), keys.keysFor("EdDSA", ROTATED.kid()));
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodKeysAndSaysSince() {
        source.publish(KEYS);
        keys.refresh();
        Instant good = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        source.fail("connection refused or unreachable");
        assertFalse(keys.refresh());
        assertEquals(List.of(KEYS.get(0).pair().getPublic()), keys.keysFor("EdDSA", KEYS.get(0).kid()));
        JwksKeys.Status status = keys.status();
        assertTrue(status.stale());
        assertEquals(good, status.lastSuccess());
        assertEquals(good.plus(Duration.ofMinutes(5)), status.failingSince());
        assertTrue(status.describe().startsWith("stale since 2026-01-01T00:05:00Z: 5 keys fetched at 2026-01-01T00:00:00Z"), status::describe);
        clock.advance(Duration.ofMinutes(5));
        keys.refresh();
        assertEquals(good.plus(Duration.ofMinutes(5)), keys.status().failingSince(), "since the first failure");
        source.publish(KEYS);
        assertTrue(keys.refresh());
        assertFalse(keys.status().stale());
        assertNull(keys.status().failingSince());
    }

    @Test
    void aJwksWithoutUsableKeysDoesNotReplaceGoodKeys() {
        source.publish(KEYS);
        keys.refresh();
        source.body = "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"x\",\"k\":\"AAAA\"}]}";
        assertFalse(keys.refresh());
        assertEquals("the JWKS has no usable signing key", keys.status().lastError());
        assertEquals(5, keys.status().keyCount());
        source.body = "<html>bad gateway</html>";
        assertFalse(keys.refresh());
        assertEquals(1, keys.keysFor("ES512", KEYS.get(2).kid()).size());
    }

    @Test
    void neverFetchedMeansNoKeyAndNotReady() {
        source.fail("connection refused or unreachable");
        assertFalse(keys.refresh());
        assertFalse(keys.status().everFetched());
        assertEquals(List.of(), keys.keysFor("EdDSA", KEYS.get(0).kid()));
        assertEquals("no key fetched yet (connection refused or unreachable)", keys.status().describe());
    }

    @Test
    void concurrentUnknownKidsShareOneFetch() throws Exception {
        source.publish(KEYS);
        keys.refresh();
        clock.advance(MIN_INTERVAL);
        source.publish(List.of(ROTATED));
        source.block();
        List<Future<List<Key>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(submit(() -> keys.keysFor("EdDSA", ROTATED.kid())));
        }
        assertTrue(source.entered.await(5, TimeUnit.SECONDS));
        awaitWaiting();
        source.release.countDown();
        for (Future<List<Key>> answer : answers) {
            assertEquals(List.of(ROTATED.pair().getPublic()), answer.get(5, TimeUnit.SECONDS));
        }
        assertEquals(2, source.calls.get(), "one fetch for all of them");
    }

    @Test
    void aRequestWaitsForAStalledFetchOnlyUpToTheBound() throws Exception {
        JwksKeys impatient = new JwksKeys(source, clock, MIN_INTERVAL, Duration.ofMillis(200), scheduler);
        source.publish(KEYS);
        source.block();
        Future<Boolean> scheduled = pool.submit(impatient::refresh);
        assertTrue(source.entered.await(5, TimeUnit.SECONDS));
        long start = System.nanoTime();
        assertEquals(List.of(), impatient.keysFor("EdDSA", KEYS.get(0).kid()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000, "bounded wait");
        source.release.countDown();
        assertTrue(scheduled.get(5, TimeUnit.SECONDS));
        assertNotNull(impatient.status().lastSuccess());
    }

    /** Runs a lookup on a thread of the pool, which {@link #awaitWaiting()} then watches. */
    private <T> Future<T> submit(Callable<T> lookup) {
        submitted.incrementAndGet();
        return pool.submit(() -> {
            callers.add(Thread.currentThread());
            return lookup.call();
        });
    }

    /**
     * Until every lookup {@link #submit} started is parked: waiting for the fetch under way, or, in the one running it,
     * for the source's release (the only places a lookup waits). Fails after 5 s rather than hang.
     */
    private void awaitWaiting() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (callers.size() < submitted.get() || !callers.stream().allMatch(JwksKeysTest::parked)) {
            assertTrue(System.nanoTime() < deadline, "the lookups never came to wait");
            Thread.onSpinWait();
        }
    }

    private static boolean parked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** A JWKS source under the test's control. */
    private static final class FakeSource implements JwksKeys.Source {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);
        volatile String body;
        volatile String failure;

        void publish(List<SigningKey> published) {
            body = SigningKey.jwks(published);
            failure = null;
        }

        void fail(String why) {
            failure = why;
        }

        void block() {
            release = new CountDownLatch(1);
        }

        /** Serves what was published when the request arrived, even when it answers later. */
        @Override
        public String fetch() throws IOException {
            calls.incrementAndGet();
            String served = body;
            String failed = failure;
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failed != null) {
                throw new IOException(failed);
            }
            return served;
        }

        @Override
        public String describe() {
            return "fake";
        }
    }
}
