package app.todo.platform.database;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * The server's {@code jdbc/todo} data source, counted ({@link #of}): how many of its connections this application holds now,
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
public final class MeteredDataSource {

    /**
     * JNDI name of the service's data source: a pool that the server defines, not the WAR (on PostgreSQL from
     * server-config/post-boot-commands.asadmin, URL and credentials from the environment; on the embedded H2 database
     * from server-config/embedded/), so one WAR runs on either.
     */
    public static final String JNDI_NAME = "jdbc/todo";

    private static final AtomicInteger IN_USE = new AtomicInteger();

    /** The node's one breaker in front of the pool: 500 ms between probes, a stall after 1.5 s. */
    static final CircuitBreaker BREAKER = new CircuitBreaker(Duration.ofMillis(500), Duration.ofMillis(1500),
            System::nanoTime);
    /** Where the wait of each connection and each failure to get one are recorded; null until {@link #report}. */
    private static volatile Meters meters;

    private record Meters(Timer waits, Counter failures) {
    }

    private MeteredDataSource() {
    }

    /**
     * The pool, counted: its {@code getConnection} passes the {@link #BREAKER} and is measured, and a connection it
     * gives counts as in use until its first close() or abort(); every other call is the pool's own. Wrapping twice
     * counts once.
     */
    public static DataSource of(DataSource pool) {
        return Proxy.isProxyClass(pool.getClass()) && Proxy.getInvocationHandler(pool) instanceof Counted
                ? pool : proxy(DataSource.class, new Counted(pool));
    }

    /** Connections taken and not yet closed, across the application. */
    static int inUse() {
        return IN_USE.get();
    }

    /** From now on, how long each connection took to get goes to {@code waits}, one that could not be had to {@code failures}. */
    static void report(Timer waits, Counter failures) {
        meters = waits == null ? null : new Meters(waits, failures);
    }

    private static <T> T proxy(Class<T> type, Counted handler) {
        return type.cast(Proxy.newProxyInstance(MeteredDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Passes every call on to the pool or one of its connections, counting as {@link #of} says. */
    private static final class Counted implements InvocationHandler {

        private final Object target;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Counted(Object target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws SQLException {
            switch (method.getName()) {
                case "equals":
                    return method.getParameterCount() == 1 && proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "getConnection":
                    return target instanceof DataSource ? connection(method, args) : passOn(method, args);
                case "unwrap", "isWrapperFor": // the pool's own is reached only past this one
                    if (target instanceof DataSource && ((Class<?>) args[0]).isInstance(proxy)) {
                        return method.getName().equals("unwrap") ? proxy : Boolean.TRUE;
                    }
                    return passOn(method, args);
                case "close", "abort":
                    if (target instanceof Connection && open.compareAndSet(true, false)) {
                        IN_USE.decrementAndGet();
                    }
                    return passOn(method, args);
                default:
                    return passOn(method, args);
            }
        }

        private Connection connection(Method method, Object[] args) throws SQLException {
            long start = System.nanoTime();
            Connection connection;
            try {
                connection = BREAKER.call(() -> (Connection) passOn(method, args));
            } catch (SQLException | RuntimeException e) {
                Meters told = meters;
                if (told != null) {
                    told.failures().increment();
                }
                throw e;
            }
            long nanos = System.nanoTime() - start;
            IN_USE.incrementAndGet();
            Connection counted = proxy(Connection.class, new Counted(connection));
            Meters told = meters;
            if (told != null) {
                told.waits().record(nanos, TimeUnit.NANOSECONDS);
            }
            return counted;
        }

        /** JDBC's methods throw SQLException or unchecked ones only. */
        private Object passOn(Method method, Object[] args) throws SQLException {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                } else if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) e.getCause();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e); // a public interface's method: never
            }
        }
    }
}
