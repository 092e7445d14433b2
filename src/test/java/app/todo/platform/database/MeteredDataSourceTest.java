package app.todo.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counts behind the todo_db_* metrics, around a stand-in pool. */
class MeteredDataSourceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Timer waits = registry.timer("waits");
    private final Counter failures = registry.counter("failures");
    private final AtomicInteger closedInPool = new AtomicInteger();
    private final AtomicBoolean poolDown = new AtomicBoolean();
    private int before;

    @BeforeEach
    void listen() {
        before = MeteredDataSource.inUse();
        MeteredDataSource.report(waits, failures);
    }

    @AfterEach
    void stopListening() {
        MeteredDataSource.report(null, null);
    }

    @Test
    void aConnectionCountsAsInUseUntilClosedOnce() throws SQLException {
        DataSource metered = MeteredDataSource.of(pool());
        Connection first = metered.getConnection();
        Connection second = metered.getConnection();
        assertEquals(before + 2, MeteredDataSource.inUse());
        assertEquals(2, waits.count());

        first.close();
        first.close();
        assertEquals(before + 1, MeteredDataSource.inUse(), "a second close() does not count again");
        assertEquals(2, closedInPool.get(), "every close() still reaches the pool's connection");
        second.close();
        assertEquals(before, MeteredDataSource.inUse());

        metered.getConnection().abort(Runnable::run);
        assertEquals(before, MeteredDataSource.inUse(), "an aborted connection is given back too");
    }

    @Test
    void aConnectionThatCannotBeHadIsAFailureAndNotInUse() {
        poolDown.set(true);
        DataSource metered = MeteredDataSource.of(pool());
        assertThrows(SQLTransientConnectionException.class, metered::getConnection);
        assertEquals(1, failures.count());
        assertEquals(before, MeteredDataSource.inUse());
        assertEquals(0, waits.count());
    }

    @Test
    void wrappingTwiceCountsOnceAndConnectionsKeepTheirIdentity() throws SQLException {
        DataSource metered = MeteredDataSource.of(pool());
        assertSame(metered, MeteredDataSource.of(metered));
        try (Connection a = metered.getConnection(); Connection b = metered.getConnection()) {
            assertEquals(a, a);
            assertNotEquals(a, b);
            assertEquals(System.identityHashCode(a), a.hashCode());
            assertEquals("stand-in", a.getCatalog(), "other calls pass through");
        }
        assertEquals(before, MeteredDataSource.inUse());
    }

    /** A pool whose connections only know close() and getCatalog(). */
    private DataSource pool() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (poolDown.get()) {
                        throw new SQLTransientConnectionException("no connection within max-wait");
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (c, m, a) -> switch (m.getName()) {
                                case "close" -> {
                                    closedInPool.incrementAndGet();
                                    yield null;
                                }
                                case "abort" -> null;
                                case "getCatalog" -> "stand-in";
                                default -> throw new UnsupportedOperationException(m.getName());
                            });
                });
    }
}
