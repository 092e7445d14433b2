package app.todo.platform.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

import app.todo.platform.logging.LogFormat;

/**
 * What a request thread pays for its access-log line: {@link AccessLog#offer} (a bounded queue; a thread of its own
 * formats and writes) against the JDK's own {@link FileHandler} (size rotation built in), which formats and writes
 * the same plain line on the request thread under its lock, as a server's synchronous access log does. Two request
 * threads, one file each, each request also doing {@link #work} of its own; the lines dropped because the queue was
 * full are printed at the end (a drop costs less than a write). Run:
 * {@code mvn -B -Pbench test -Djmh.args="-f 1 -wi 3 -i 5 -w 1s -r 1s -p work=0 AccessLog"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class AccessLogBenchmark {

    private static final AccessLog.Entry ENTRY = new AccessLog.Entry(1_796_400_000_000L, "GET", "/api/{user_id}/tasks",
            200, 1_234_567, "bench-user", "0f8b6c1e-5a0e-4c8e-9d1e-2b6f1a7c9d3e");

    private Path dir;
    private AccessLog queued;
    private final AtomicLong dropped = new AtomicLong();
    private FileHandler jdk;

    @Setup
    public void open() throws IOException {
        dir = Files.createTempDirectory("access-log-bench");
        queued = AccessLog.open(dir.resolve("queued.log").toString(), LogFormat.PLAIN, dropped::incrementAndGet);
        jdk = new FileHandler(dir.resolve("jdk.log").toString(), (int) AccessLog.ROTATE_BYTES, AccessLog.KEPT_FILES + 1,
                true);
        jdk.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return ((AccessLog.Entry) record.getParameters()[0]).line() + "\n";
            }
        });
    }

    @TearDown
    public void close() throws IOException {
        queued.close();
        jdk.close();
        System.out.println("\nqueued: dropped " + dropped.get() + " lines (queue full)");
    }

    /**
     * A request's own work besides its log line (Blackhole tokens; 4000 is ~10 µs on an idle core), so that the
     * writer thread can keep up as under a real load; 0 measures the logging alone (the queue then fills and drops).
     */
    @Param({"0", "4000"})
    public long work;

    @Benchmark
    public void queued() {
        Blackhole.consumeCPU(work);
        queued.offer(new AccessLog.Entry(System.currentTimeMillis(), ENTRY.method(), ENTRY.route(), ENTRY.status(),
                ENTRY.nanos(), ENTRY.user(), ENTRY.requestId()));
    }

    @Benchmark
    public void jdkFileHandler() {
        Blackhole.consumeCPU(work);
        LogRecord record = new LogRecord(Level.INFO, null);
        record.setParameters(new Object[] {new AccessLog.Entry(System.currentTimeMillis(), ENTRY.method(),
                ENTRY.route(), ENTRY.status(), ENTRY.nanos(), ENTRY.user(), ENTRY.requestId())});
        jdk.publish(record);
    }
}
