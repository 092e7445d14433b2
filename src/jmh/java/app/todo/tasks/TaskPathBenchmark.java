package app.todo.tasks;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.validation.Validation;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import app.todo.platform.database.MeteredDataSource;

/**
 * The application's own steps of a task request, without a server or a database: a connection taken from the
 * metered pool and given back (a stand-in pool whose connection does nothing, so the figure is the breaker, the
 * counting and the proxies), a create's body read and validated, a listing's query parsed.
 * Run: {@code mvn -B -Pbench test -Djmh.args="-f 1 -wi 3 -i 5 -w 1s -r 1s TaskPathBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TaskPathBenchmark {

    private DataSource metered;
    private TaskBodyReader bodies;
    private final byte[] body = "{\"title\":\"Buy milk\",\"description\":\"two litres\",\"completed\":false}"
            .getBytes(StandardCharsets.UTF_8);
    private final Map<String, List<String>> query = Map.of("limit", List.of("20"), "sort", List.of("-updated_at"));

    @Setup
    public void setUp() {
        Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> null);
        metered = MeteredDataSource.of((DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> connection));
        bodies = new TaskBodyReader();
        bodies.validator = Validation.buildDefaultValidatorFactory().getValidator();
    }

    @Benchmark
    public Connection connection() throws SQLException {
        Connection taken = metered.getConnection();
        taken.close();
        return taken;
    }

    @Benchmark
    public Object createBody() {
        return bodies.forCreate(body);
    }

    @Benchmark
    public Object listQuery() {
        return TaskQuery.parse(query);
    }
}
