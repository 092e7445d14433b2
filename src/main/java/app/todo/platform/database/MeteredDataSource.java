package app.todo.platform.database;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * The server's {@code jdbc/todo} data source, counted: how many of its connections this application holds now,
 * how long each took to get, and how many could not be had (pool exhausted past its 1 s wait, or the database
 * unreachable). {@link PoolMetrics} publishes the numbers. Everything else is the server's pool, unchanged:
 * connections are the pool's own (enlisted in the JTA transaction), and closing one returns it to the pool.
 *
 * <p>Every request for a connection passes the node's {@link CircuitBreaker} first ({@link #BREAKER}): while the
 * database is unreachable it is refused at once (one probe every 500 ms goes through), so no request queues behind
 * the pool's wait or the driver's connect timeout, and readiness, schema migration and the JPA unit all see the
 * same state.
 *
 * <p>Why here and not Payara's pool statistics: on Payara Micro 6.2025.10 both ways that exist report zeros
 * (see docs/architecture.md).
 */
public final class MeteredDataSource implements DataSource {

    /**
     * JNDI name of the service's data source: a pool that the server defines, not the WAR (on PostgreSQL from
     * server-config/post-boot-commands.asadmin, URL and credentials from the environment; on the embedded H2 database
     * from server-config/embedded/), so one WAR runs on either.
     */
    public static final String JNDI_NAME = "jdbc/todo";

    private static final AtomicInteger IN_USE = new AtomicInteger();

    /**
     * The node's one breaker in front of the pool: opens on a connection failure or on a request for a connection
     * under way for 1.5 s; one probe every 500 ms while open.
     */
    static final CircuitBreaker BREAKER = new CircuitBreaker(Duration.ofMillis(500), Duration.ofMillis(1500),
            System::nanoTime);
    /** Where the wait of each connection and each failure to get one are recorded; null until {@link #report}. */
    private static volatile Meters meters;

    private record Meters(Timer waits, Counter failures) {
    }

    private final DataSource pool;

    private MeteredDataSource(DataSource pool) {
        this.pool = pool;
    }

    /** The pool, counted; wrapping twice counts once. */
    public static DataSource of(DataSource pool) {
        return pool instanceof MeteredDataSource ? pool : new MeteredDataSource(pool);
    }

    /** Connections taken and not yet closed, across the application. */
    static int inUse() {
        return IN_USE.get();
    }

    /** From now on, how long each connection took to get goes to {@code waits}, one that could not be had to {@code failures}. */
    static void report(Timer waits, Counter failures) {
        meters = waits == null ? null : new Meters(waits, failures);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(() -> BREAKER.call(pool::getConnection));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(() -> BREAKER.call(() -> pool.getConnection(username, password)));
    }

    private interface Acquire {
        Connection get() throws SQLException;
    }

    private static Connection counted(Acquire acquire) throws SQLException {
        long start = System.nanoTime();
        Connection connection;
        try {
            connection = acquire.get();
        } catch (SQLException | RuntimeException e) {
            Meters told = meters;
            if (told != null) {
                told.failures().increment();
            }
            throw e;
        }
        long nanos = System.nanoTime() - start;
        IN_USE.incrementAndGet();
        Connection counted = (Connection) Proxy.newProxyInstance(MeteredDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Handle(connection));
        Meters told = meters;
        if (told != null) {
            told.waits().record(nanos, TimeUnit.NANOSECONDS);
        }
        return counted;
    }

    /** Passes every call through; the first close() or abort() gives the connection back in the count. */
    private static final class Handle implements InvocationHandler {

        private final Connection connection;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Handle(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return method.getParameterCount() == 1 && proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "close", "abort":
                    if (open.compareAndSet(true, false)) {
                        IN_USE.decrementAndGet();
                    }
                    break;
                default:
                    break;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
