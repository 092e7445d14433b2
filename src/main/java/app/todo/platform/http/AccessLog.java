package app.todo.platform.http;

import java.io.ByteArrayOutputStream;
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
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

import app.todo.platform.logging.LogFormat;
import app.todo.platform.logging.Logs;
import app.todo.platform.logging.RequestContext;

/**
 * The access log: one line per /api request, plain or JSON ({@link LogFormat}). A request thread only
 * {@link #offer offers} its {@link Entry} to a bounded queue ({@link #CAPACITY}); when it is full the entry is dropped
 * and counted, so a slow disk never slows a request. A thread of its own formats and writes the queue in batches.
 *
 * <p>Plain (UTF-8, one space between fields, at most ~150 bytes): time the answer was complete (UTC, ms), method,
 * route template ({@code unmatched} for no route), status, duration from arrival in ms with microsecond digits, user id
 * ({@code -} when none; space, {@code "} and {@code %} percent-encoded), request id:
 * <pre>
 * 2026-11-28T16:10:01.123Z GET /api/{user_id}/tasks 200 1.234ms bench-user 0f8b6c1e-5a0e-4c8e-9d1e-2b6f1a7c9d3e
 * </pre>
 * JSON: one object per line with the server log's ECS names ({@code @timestamp}, {@code log.level},
 * {@code log.logger}, {@code message}, {@code http.request.id}, {@code user.id} (absent without a caller)) and
 * {@code http.request.method}, {@code http.route} (OpenTelemetry), {@code http.response.status_code},
 * {@code event.duration} (nanoseconds).
 *
 * <p>Target ({@code TODO_ACCESS_LOG}): a file, rotated at {@link #ROTATE_BYTES} to {@code <file>.1} … {@code .5};
 * {@code -} for file descriptor 1; {@code off}.
 *
 * <p>Kept (issue 19): a JUL handler formats and writes on the request thread under its lock, 14.0 µs vs 0.7 µs per
 * offer (AccessLogBenchmark, {@code -p work=0}, 2026-12-04, load ~30: only the order counts); Payara's and WildFly's
 * access logs differ from each other (whole ms; Undertow's queue unbounded, daily rotation); Log4j 2 or Logback
 * would be a second logging framework beside JUL.
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger LOG = Logs.logger(AccessLog.class);
    static final String LOGGER_NAME = "app.todo.access";
    /** Entries waiting for the writer: ~2 s of the fastest path measured on this machine. */
    static final int CAPACITY = 16_384;
    static final long ROTATE_BYTES = 16L * 1024 * 1024;
    static final int KEPT_FILES = 5;
    /** Largest write: up to PIPE_BUF bytes a pipe never interleaves them with the JVM's own output (kill -3). */
    private static final int CHUNK = 4096;
    /** The writer's pause after a batch: under load it wakes ~20 times a second, never woken by a request. */
    static final long BATCH_PAUSE_MILLIS = 50;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * One request, as the request thread hands it over.
     *
     * @param endMillis when the answer was complete, epoch ms
     * @param route     route template or {@code unmatched}
     * @param nanos     duration from arrival
     * @param user      the caller's user id, or null
     */
    public record Entry(long endMillis, String method, String route, int status, long nanos, String user,
            String requestId) {

        String line() {
            StringBuilder line = new StringBuilder(128);
            TIME.formatTo(Instant.ofEpochMilli(endMillis), line);
            line.append(' ').append(request()).append(' ');
            if (user == null || user.isEmpty()) {
                line.append('-');
            }
            for (int i = 0; user != null && i < user.length(); i++) {
                char c = user.charAt(i);
                line.append(c == ' ' ? "%20" : c == '"' ? "%22" : c == '%' ? "%25" : String.valueOf(c));
            }
            return line.append(' ').append(requestId).toString();
        }

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

        /** {@code GET /api/me 401 0.547ms}. */
        private String request() {
            long micros = Math.max(0, nanos / 1000);
            return method + ' ' + route + ' ' + status + ' ' + micros / 1000 + '.'
                    + String.valueOf(1000 + micros % 1000).substring(1) + "ms";
        }
    }

    /** Where the lines go: each write ends at a line end. */
    interface Sink extends AutoCloseable {
        void write(byte[] bytes, int length) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final BlockingQueue<Entry> queue;
    private final JsonGeneratorFactory json;
    private final Sink sink;
    private final String target;
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable onDrop;
    private final Thread writer;
    private volatile boolean closing;

    private AccessLog(Sink sink, String target, LogFormat format, int capacity, Runnable onDrop) {
        this.sink = sink;
        this.json = format == LogFormat.JSON ? Json.createGeneratorFactory(Map.of()) : null;
        this.target = target;
        this.onDrop = onDrop;
        this.queue = sink == null ? null : new ArrayBlockingQueue<>(capacity);
        this.writer = sink == null ? null : new Thread(this::drain, "todo-access-log");
        if (writer != null) {
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * The access log of {@code TODO_ACCESS_LOG} (a file, {@code -} or {@code off}); a file that cannot be opened is
     * a WARNING and no access log.
     *
     * @param onDrop run on the request thread for each entry dropped (a metric)
     */
    public static AccessLog open(String target, LogFormat format, Runnable onDrop) {
        String where = target.strip();
        if (where.equalsIgnoreCase("off")) {
            return new AccessLog(null, "off", format, 0, onDrop);
        }
        if (where.equals("-")) {
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            return new AccessLog(new Sink() {
                public void write(byte[] bytes, int length) throws IOException {
                    out.write(bytes, 0, length);
                }

                public void close() {
                }
            }, "standard output", format, CAPACITY, onDrop);
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

    static AccessLog to(Sink sink, LogFormat format, int capacity, Runnable onDrop) {
        return new AccessLog(sink, "test", format, capacity, onDrop);
    }

    /** Where the lines go, for the start-up log line. */
    public String target() {
        return target;
    }

    /** Queues one entry without waiting; a full queue drops and counts it. Nothing happens when off or closed. */
    public void offer(Entry entry) {
        if (queue != null && !closing && !queue.offer(entry)) {
            dropped.incrementAndGet();
            onDrop.run();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(4096);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(2 * CHUNK);
        long reported = 0;
        long lastReport = System.nanoTime();
        while (true) {
            try {
                Entry first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null && closing) {
                    return;
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 4095);
                    for (Entry entry : batch) {
                        byte[] line = ((json != null ? entry.json(json) : entry.line()) + "\n")
                                .getBytes(StandardCharsets.UTF_8);
                        if (chunk.size() + line.length > CHUNK && chunk.size() > 0) {
                            sink.write(chunk.toByteArray(), chunk.size());
                            chunk.reset();
                        }
                        chunk.write(line);
                    }
                    sink.write(chunk.toByteArray(), chunk.size());
                    if (!closing) {
                        Thread.sleep(BATCH_PAUSE_MILLIS);
                    }
                }
                if (dropped.get() > reported && System.nanoTime() - lastReport > TimeUnit.MINUTES.toNanos(1)) {
                    reported = dropped.get();
                    lastReport = System.nanoTime();
                    LOG.log(Level.WARNING, "Access log: {0} lines dropped since start (writer behind; "
                            + "todo_access_log_dropped_total)", reported);
                }
            } catch (InterruptedException e) {
                if (closing && queue.isEmpty()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Access log: write to {0} failed: {1}", new Object[] {target, e.toString()});
            } finally {
                batch.clear();
                chunk.reset();
            }
        }
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
            sink.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            out = new FileOutputStream(file.toFile(), true);
            size = Files.size(file);
        }

        @Override
        public void write(byte[] bytes, int length) throws IOException {
            out.write(bytes, 0, length);
            size += length;
            if (size < rotateBytes) {
                return;
            }
            out.close();
            for (int i = kept - 1; i >= 0; i--) {
                Path from = i == 0 ? file : file.resolveSibling(file.getFileName() + "." + i);
                if (Files.exists(from)) {
                    Files.move(from, file.resolveSibling(file.getFileName() + "." + (i + 1)),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            out = new FileOutputStream(file.toFile(), true);
            size = 0;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
