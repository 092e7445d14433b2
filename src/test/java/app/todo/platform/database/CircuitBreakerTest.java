package app.todo.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opens on a connection failure, refuses at once while open, one probe per interval, closes on a good probe. */
class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CircuitBreaker breaker = new CircuitBreaker(Duration.ofMillis(500), Duration.ofMillis(1500),
            now::get);
    private final AtomicInteger calls = new AtomicInteger();
    /** Runs the one call a test holds under way. */
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static SQLException refused() {
        return new SQLException("Connection could not be allocated", "08001", new ConnectException("Connection refused"));
    }

    private String up() {
        calls.incrementAndGet();
        return "connection";
    }

    private String down() throws SQLException {
        calls.incrementAndGet();
        throw refused();
    }

    @Test
    void closedItPassesEveryCallThrough() throws SQLException {
        assertEquals("connection", breaker.call(this::up));
        assertEquals("connection", breaker.call(this::up));
        assertEquals(2, calls.get());
        assertFalse(breaker.isOpen());
    }

    @Test
    void aConnectionFailureOpensItAndLaterCallsAreRefusedWithoutTrying() throws SQLException {
        SQLException first = refused();
        assertSame(first, assertThrows(SQLException.class, () -> breaker.call(() -> {
            throw first;
        })));
        assertTrue(breaker.isOpen());
        assertTrue(breaker.cause().contains("ConnectException"), breaker.cause());

        SQLTransientConnectionException refusal = assertThrows(SQLTransientConnectionException.class,
                () -> breaker.call(this::up));
        assertEquals("08001", refusal.getSQLState());
        assertTrue(DatabaseFailures.isUnavailable(refusal), "a refusal is a 503");
        assertEquals(0, calls.get(), "not tried within the probe interval");
    }

    @Test
    void oneProbePerIntervalAndAGoodProbeClosesIt() throws SQLException {
        assertThrows(SQLException.class, () -> breaker.call(this::down));
        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertThrows(SQLTransientConnectionException.class, () -> breaker.call(this::up));
        assertEquals(1, calls.get());

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThrows(SQLException.class, () -> breaker.call(this::down), "the probe is tried and fails");
        assertEquals(2, calls.get());
        assertThrows(SQLTransientConnectionException.class, () -> breaker.call(this::up), "next probe 500 ms later");
        assertEquals(2, calls.get());

        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals("connection", breaker.call(this::up), "the database is back: the probe gets it");
        assertFalse(breaker.isOpen());
        assertEquals("connection", breaker.call(this::up));
        assertEquals(4, calls.get());
    }

    @Test
    void whileAProbeIsUnderWayEveryoneElseIsRefused() throws Exception {
        assertThrows(SQLException.class, () -> breaker.call(this::down));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        CountDownLatch release = new CountDownLatch(1);
        Future<String> probe = underWay(release, "connection");
        assertThrows(SQLTransientConnectionException.class, () -> breaker.call(this::up));
        assertEquals(1, calls.get(), "only the first, failed call reached the database");
        release.countDown();
        assertEquals("connection", probe.get(5, TimeUnit.SECONDS));
        assertFalse(breaker.isOpen());
    }

    @Test
    void aBusyPoolOrAFailingStatementDoesNotOpenIt() {
        SQLException busy = new SQLException("Error in allocating a connection. Cause: In-use connections equal "
                + "max-pool-size and expired max-wait-time. Cannot allocate more connections.");
        assertTrue(DatabaseFailures.isUnavailable(busy), "still a 503 for the request");
        assertThrows(SQLException.class, () -> breaker.call(() -> {
            throw busy;
        }));
        assertFalse(breaker.isOpen());
        assertThrows(IllegalStateException.class, () -> breaker.call(() -> {
            throw new IllegalStateException("a bug");
        }));
        assertFalse(breaker.isOpen());
    }

    @Test
    void aRequestForAConnectionThatHangsOpensItForEveryoneElse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> stuck = underWay(release, "connection at last");
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        assertEquals("connection", breaker.call(this::up), "1.5 s under way is not yet a stall (the pool waits 1 s)");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThrows(SQLTransientConnectionException.class, () -> breaker.call(this::up));
        assertTrue(breaker.isOpen());
        assertEquals(1, calls.get(), "refused without trying");

        release.countDown();
        assertEquals("connection at last", stuck.get(5, TimeUnit.SECONDS));
        assertFalse(breaker.isOpen(), "the stalled request succeeded: the database answers");
    }

    @Test
    void aRequestStillHangingFromBeforeAGoodProbeDoesNotOpenItAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> stuck = underWay(release, "connection at last");
        now.addAndGet(Duration.ofMillis(1501).toNanos());
        assertThrows(SQLTransientConnectionException.class, () -> breaker.call(this::up));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals("connection", breaker.call(this::up), "the probe");
        assertFalse(breaker.isOpen());

        assertEquals("connection", breaker.call(this::up), "the old request still hangs, yet the database answers");
        assertFalse(breaker.isOpen());
        release.countDown();
        assertEquals("connection at last", stuck.get(5, TimeUnit.SECONDS));
    }

    /**
     * A connection request on the test's pool that has started and waits (at most 5 s) to be released before it
     * answers.
     */
    private Future<String> underWay(CountDownLatch release, String answer) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<String> call = pool.submit(() -> breaker.call(() -> {
            started.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        return call;
    }
}
