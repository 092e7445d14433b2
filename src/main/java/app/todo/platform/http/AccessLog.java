package app.todo.platform.http;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

import app.todo.platform.logging.LogFormat;
import app.todo.platform.logging.Logs;
import app.todo.platform.logging.RequestContext;

/**
 * The access log: one line per /api request, plain or JSON ({@link LogFormat}), written by one thread of its own,
 * never by the request.
 *
 * <p>A request thread only {@link #offer offers} an {@link Entry} to a bounded queue ({@link #CAPACITY} entries);
 * when the queue is full the entry is dropped and counted ({@link #dropped()}), so a disk that cannot keep up never
 * slows requests down. The writer thread formats and writes whatever has queued up in one batch.
 *
 * <p>Line (UTF-8, fields separated by one space, ~110 bytes for a listing, at most ~150 with a 32-character user id):
 * <pre>
 * 2026-11-28T16:10:01.123Z GET /api/{user_id}/tasks 200 1.234ms bench-user 0f8b6c1e-5a0e-4c8e-9d1e-2b6f1a7c9d3e
 * </pre>
 * time the answer was complete (UTC, milliseconds), method, route template ({@code unmatched} for a path no route
 * has), status, duration in milliseconds (microsecond digits) from the request's arrival, before the token check,
 * the caller's user id ({@code -} when none; a space, {@code "} or {@code %} in it is percent-encoded), request id.
 *
 * <p>JSON ({@code TODO_LOG_FORMAT=json}): one object per line, written by a JSON-P generator, with the server log's
 * field names (Elastic Common Schema, as its formatter app.todo.platform.logging.server writes them) for what both have
 * ({@code @timestamp}, {@code log.level}, {@code log.logger}, {@code message}, {@code http.request.id},
 * {@code user.id}) and the request's own ({@code event.duration} in nanoseconds as ECS has it; {@code http.route} is
 * OpenTelemetry's name for the route template):
 * <pre>
 * {"@timestamp":"2026-11-28T16:10:01.123Z","log.level":"INFO","log.logger":"app.todo.access",
 *  "message":"GET /api/{user_id}/tasks 200 1.234ms","http.request.method":"GET","http.route":"/api/{user_id}/tasks",
 *  "http.response.status_code":200,"event.duration":1234567,"http.request.id":"0f8b6c1e-5a0e-4c8e-9d1e-2b6f1a7c9d3e",
 *  "user.id":"bench-user"}
 * </pre>
 * (one line; {@code user.id} is absent when the request had no verified caller).
 *
 * <p>Target ({@code TODO_ACCESS_LOG}): a file path, {@code -} for the process's standard output (the file
 * descriptor itself, not Payara's log) or {@code off}. A file rotates when it passes {@link #ROTATE_BYTES}: it
 * becomes {@code <file>.1}, the older ones move up, and {@code <file>.5} is deleted.
 *
 * <p>Kept (issue 19), because nothing the servers or a library offer is as strict and as cheap for the request thread;
 * measured by AccessLogBenchmark ({@code mvn -B -Pbench test -Djmh.args="-f 1 -wi 3 -i 5 -w 1s -r 1s AccessLog"},
 * 2 request threads, 2026-12-04, load average ~30 on 2 cores: errors larger than the means, only the order counts):
 * <ul>
 * <li>a JUL logger {@code app.todo.access} with its own handler (JDK {@code FileHandler}, ECS formatter): formats and
 * writes on the request thread under the handler's lock, 14.0 µs ± 24 per line vs {@code offer} 0.7 µs ± 1.6
 * ({@code work=0}: the writer falls behind, so most offers are counted drops; an earlier run: 175 vs 6.0 µs); the
 * ECS formatter writes added fields as strings ({@code "200"}), and {@code FileHandler} names the current file
 * {@code <file>.0} beside a {@code .lck} file.</li>
 * <li>Payara's access log ({@code --accesslog}, http-service {@code access-log}): formats on the request thread under
 * one lock shared by all requests, whole milliseconds (a 401 is "0"), standard output only as a copy of the file.</li>
 * <li>WildFly's (Undertow {@code access-log}, JSON formatter): WildFly only, so not the same lines on both servers;
 * its queue ({@code DefaultAccessLogReceiver}) is unbounded, rotation by day, not size.</li>
 * <li>Log4j 2's or Logback's async appender: a second logging framework in the WAR beside the servers' JUL;
 * Logback's {@code neverBlock} drops without a count.</li>
 * </ul>
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger LOG = Logs.logger(AccessLog.class);
    /** {@code LoggerName} of the access log's JSON records. */
    static final String LOGGER_NAME = "app.todo.access";

    /** Entries waiting for the writer: ~2 s of the fastest path measured on this machine. */
    static final int CAPACITY = 16_384;
    /** Size in bytes at which a file is rotated. */
    static final long ROTATE_BYTES = 16L * 1024 * 1024;
    /** Rotated files kept beside the current one ({@code <file>.1} … {@code <file>.5}). */
    static final int KEPT_FILES = 5;
    /**
     * Largest single write to standard output: writes to a pipe up to PIPE_BUF bytes are never interleaved (the JVM
     * writes there too: a {@code kill -3} thread dump, its own messages).
     */
    private static final int PIPE_BUF = 4096;
    /**
     * After each batch the writer waits this long, so that under load it wakes and writes about 20 times a second
     * (batches of up to 4,096 lines: up to ~80,000 lines a second) instead of once per request: request threads then never have to wake it.
     * A line reaches the file at most about this much later.
     */
    static final long BATCH_PAUSE_MILLIS = 50;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * One request, as the request thread hands it over; formatted by the writer.
     *
     * @param endMillis  when the answer was complete, epoch milliseconds
     * @param method     HTTP method
     * @param route      route template, e.g. {@code /api/{user_id}/tasks}, or {@code unmatched}
     * @param status     HTTP status code
     * @param nanos      duration from the request's arrival, nanoseconds
     * @param user       the caller's user id, or null when the request had no verified caller
     * @param requestId  the request's {@code X-Request-Id}
     */
    public record Entry(long endMillis, String method, String route, int status, long nanos, String user,
            String requestId) {

        /** The plain line without its newline (see the class comment). */
        String line() {
            StringBuilder line = new StringBuilder(128);
            TIME.formatTo(Instant.ofEpochMilli(endMillis), line);
            line.append(' ').append(request()).append(' ');
            appendUser(line, user);
            return line.append(' ').append(requestId).toString();
        }

        /** The JSON record without its newline (see the class comment), written by {@code json}'s generators. */
        String json(JsonGeneratorFactory json) {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator record = json.createGenerator(out)) {
                record.writeStartObject()
                        .write("@timestamp", TIME.format(Instant.ofEpochMilli(endMillis)))
                        .write("log.level", "INFO")
                        .write("log.logger", LOGGER_NAME)
                        .write("message", request())
                        .write("http.request.method", method)
                        .write("http.route", route)
                        .write("http.response.status_code", status)
                        .write("event.duration", Math.max(0, nanos))
                        .write(RequestContext.REQUEST_ID, requestId);
                if (user != null && !user.isEmpty()) {
                    record.write(RequestContext.USER_ID, user);
                }
                record.writeEnd();
            }
            return out.toString();
        }

        /** {@code GET /api/me 401 0.547ms}: method, route, status, duration in milliseconds with 3 decimals. */
        private String request() {
            long micros = micros();
            long fraction = micros % 1000;
            return method + ' ' + route + ' ' + status + ' ' + micros / 1000 + '.'
                    + (fraction < 100 ? (fraction < 10 ? "00" : "0") : "") + fraction + "ms";
        }

        private long micros() {
            return Math.max(0, nanos / 1000);
        }

        private static void appendUser(StringBuilder line, String user) {
            if (user == null || user.isEmpty()) {
                line.append('-');
                return;
            }
            for (int i = 0; i < user.length(); i++) {
                char c = user.charAt(i);
                switch (c) {
                    case ' ' -> line.append("%20");
                    case '"' -> line.append("%22");
                    case '%' -> line.append("%25");
                    default -> line.append(c);
                }
            }
        }
    }

    /** Where the lines go. */
    interface Sink extends AutoCloseable {
        /** Writes these bytes, which end at a line end. */
        void write(byte[] bytes, int length) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final BlockingQueue<Entry> queue;
    /** The one formatter of this log's format: an entry → its line or JSON record, without the newline. */
    private final Function<Entry, String> format;
    private final Sink sink;
    private final String target;
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable onDrop;
    private final Thread writer;
    private volatile boolean closing;

    private AccessLog(Sink sink, String target, LogFormat format, int capacity, Runnable onDrop) {
        this.sink = sink;
        JsonGeneratorFactory json = format == LogFormat.JSON ? Json.createGeneratorFactory(Map.of()) : null;
        this.format = json != null ? entry -> entry.json(json) : Entry::line;
        this.target = target;
        this.onDrop = onDrop;
        this.queue = sink == null ? null : new ArrayBlockingQueue<>(capacity);
        if (sink == null) {
            writer = null;
            return;
        }
        writer = new Thread(this::drain, "todo-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * An access log for the value of {@code TODO_ACCESS_LOG}: a file path, {@code -} (standard output) or
     * {@code off}. A file that cannot be opened is a WARNING and no access log (requests are served all the same).
     *
     * @param format plain lines or JSON records ({@code TODO_LOG_FORMAT})
     * @param onDrop run on the request thread for each entry dropped because the queue was full (a metric)
     */
    public static AccessLog open(String target, LogFormat format, Runnable onDrop) {
        String where = target.strip();
        if (where.equalsIgnoreCase("off")) {
            return new AccessLog(null, "off", format, 0, onDrop);
        }
        if (where.equals("-")) {
            return new AccessLog(new StdoutSink(), "standard output", format, CAPACITY, onDrop);
        }
        try {
            Path file = Path.of(where).toAbsolutePath();
            return new AccessLog(new FileSink(file, ROTATE_BYTES, KEPT_FILES), file.toString(), format, CAPACITY,
                    onDrop);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "No access log: cannot open {0}: {1}", new Object[] {where, e.toString()});
            return new AccessLog(null, "off (" + where + " cannot be opened)", format, 0, onDrop);
        }
    }

    /** For tests: this sink, this format, this queue size. */
    static AccessLog to(Sink sink, LogFormat format, int capacity, Runnable onDrop) {
        return new AccessLog(sink, "test", format, capacity, onDrop);
    }

    /** Where the lines go, for the start-up log line. */
    public String target() {
        return target;
    }

    /**
     * Hands one request to the writer without waiting; when the queue is full the entry is dropped, counted and
     * {@code onDrop} runs. Nothing happens when the log is off or closed.
     */
    public void offer(Entry entry) {
        if (queue == null || closing || queue.offer(entry)) {
            return;
        }
        dropped.incrementAndGet();
        onDrop.run();
    }

    /** Entries dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(4096);
        byte[] buffer = new byte[64 * 1024];
        long reportedDrops = 0;
        long lastReport = System.nanoTime();
        while (true) {
            try {
                Entry first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                } else {
                    batch.add(first);
                    queue.drainTo(batch, 4095);
                    buffer = write(batch, buffer);
                    batch.clear();
                    if (!closing) {
                        Thread.sleep(BATCH_PAUSE_MILLIS);
                    }
                }
                long drops = dropped.get();
                if (drops > reportedDrops && System.nanoTime() - lastReport > TimeUnit.MINUTES.toNanos(1)) {
                    LOG.log(Level.WARNING, "Access log: {0} lines dropped since start (writer behind; "
                            + "todo_access_log_dropped_total)", drops);
                    reportedDrops = drops;
                    lastReport = System.nanoTime();
                }
            } catch (InterruptedException e) {
                if (closing && queue.isEmpty()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Access log: write to {0} failed: {1}", new Object[] {target, e.toString()});
                batch.clear();
            }
        }
    }

    private byte[] write(List<Entry> batch, byte[] buffer) throws IOException {
        int length = 0;
        for (Entry entry : batch) {
            byte[] line = (format.apply(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            if (length + line.length > buffer.length) {
                if (length > 0) {
                    sink.write(buffer, length);
                    length = 0;
                }
                if (line.length > buffer.length) {
                    buffer = new byte[line.length * 2];
                }
            }
            System.arraycopy(line, 0, buffer, length, line.length);
            length += line.length;
        }
        if (length > 0) {
            sink.write(buffer, length);
        }
        return buffer;
    }

    /** Writes what is queued (waiting at most 2 s), then closes the target. Later offers are dropped. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        closing = true;
        writer.interrupt();
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Access log close", e);
        }
    }

    /** A file that rotates by size: {@code <file>} → {@code <file>.1} → … → {@code <file>.<kept>} (deleted). */
    static final class FileSink implements Sink {
        private final Path file;
        private final long rotateBytes;
        private final int kept;
        private OutputStream out;
        private long size;

        FileSink(Path file, long rotateBytes, int kept) throws IOException {
            this.file = file;
            this.rotateBytes = rotateBytes;
            this.kept = kept;
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            open();
        }

        private void open() throws IOException {
            out = new FileOutputStream(file.toFile(), true);
            size = Files.size(file);
        }

        @Override
        public void write(byte[] bytes, int length) throws IOException {
            out.write(bytes, 0, length);
            size += length;
            if (size >= rotateBytes) {
                rotate();
            }
        }

        private void rotate() throws IOException {
            out.close();
            Files.deleteIfExists(sibling(kept));
            for (int i = kept - 1; i >= 1; i--) {
                if (Files.exists(sibling(i))) {
                    Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
            open();
        }

        private Path sibling(int n) {
            return file.resolveSibling(file.getFileName() + "." + n);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The process's file descriptor 1, in writes of at most {@link #PIPE_BUF} bytes cut at line ends. */
    static final class StdoutSink implements Sink {
        private final OutputStream out = new FileOutputStream(FileDescriptor.out);

        @Override
        public void write(byte[] bytes, int length) throws IOException {
            int start = 0;
            while (start < length) {
                int end = Math.min(length, start + PIPE_BUF);
                if (end < length) {
                    int cut = end;
                    while (cut > start && bytes[cut - 1] != '\n') {
                        cut--;
                    }
                    end = cut > start ? cut : end;
                }
                out.write(bytes, start, end - start);
                start = end;
            }
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
