package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGeneratorFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.platform.logging.LogFormat;

class AccessLogTest {

    private static final String ID = "0f8b6c1e-5a0e-4c8e-9d1e-2b6f1a7c9d3e";
    /** 2026-11-28T16:10:01.123Z */
    private static final long AT = 1_795_882_201_123L;

    @TempDir
    Path dir;

    @Test
    void aLineHasTimeMethodRouteStatusDurationUserAndRequestId() {
        String line = new AccessLog.Entry(AT, "GET", "/api/{user_id}/tasks", 200, 1_234_567, "bench-user", ID).line();
        assertEquals("2026-11-28T16:10:01.123Z GET /api/{user_id}/tasks 200 1.234ms bench-user " + ID, line);
    }

    @Test
    void aRefusedRequestHasADashForTheUserAndMicrosecondDigits() {
        assertEquals("2026-11-28T16:10:01.123Z GET /api/me 401 0.045ms - r-1",
                new AccessLog.Entry(AT, "GET", "/api/me", 401, 45_900, null, "r-1").line());
        assertEquals("2026-11-28T16:10:01.123Z GET /api/me 401 12.006ms - r-1",
                new AccessLog.Entry(AT, "GET", "/api/me", 401, 12_006_000, null, "r-1").line());
    }

    @Test
    void theLongestRouteWithA32CharacterUserAUuidAndTwoDigitMillisecondsStaysWithin150Bytes() {
        String line = new AccessLog.Entry(AT, "PATCH", "/api/{user_id}/tasks/{id}/complete", 200, 98_765_432,
                "x".repeat(32), ID).line() + "\n";
        assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 150, line.length() + ": " + line);
        assertFalse(line.contains("\u001B"), "no ANSI codes");
    }

    @Test
    void spacesQuotesAndPercentSignsInAUserIdAreEncodedSoFieldsStaySplittable() {
        String line = new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "a b\"c%d", "r").line();
        assertEquals(7, line.split(" ").length, line);
        assertTrue(line.contains(" a%20b%22c%25d "), line);
    }

    @Test
    void aJsonRecordHasTheServerLogsFieldNamesAndTheRequestsOwn() {
        JsonObject record = parse(new AccessLog.Entry(AT, "GET", "/api/{user_id}/tasks", 200, 1_234_567, "bench-user", ID)
                .json(JSON));
        assertEquals(List.of("@timestamp", "log.level", "log.logger", "message", "http.request.method", "http.route",
                "http.response.status_code", "event.duration", "http.request.id", "user.id"),
                List.copyOf(record.keySet()));
        assertEquals("2026-11-28T16:10:01.123Z", record.getString("@timestamp"));
        assertEquals("INFO", record.getString("log.level"));
        assertEquals("app.todo.access", record.getString("log.logger"));
        assertEquals("GET /api/{user_id}/tasks 200 1.234ms", record.getString("message"));
        assertEquals("GET", record.getString("http.request.method"));
        assertEquals("/api/{user_id}/tasks", record.getString("http.route"));
        assertEquals(200, record.getInt("http.response.status_code"));
        assertEquals(1_234_567L, record.getJsonNumber("event.duration").longValueExact());
        assertEquals(ID, record.getString("http.request.id"));
        assertEquals("bench-user", record.getString("user.id"));
    }

    @Test
    void aJsonRecordWithoutCallerHasNoUserId() {
        JsonObject record = parse(new AccessLog.Entry(AT, "GET", "/api/me", 401, 45_900, null, "r-1").json(JSON));
        assertFalse(record.containsKey("user.id"), record.toString());
        assertEquals("GET /api/me 401 0.045ms", record.getString("message"));
        assertEquals(45_900L, record.getJsonNumber("event.duration").longValueExact());
    }

    @Test
    void aJsonRecordEscapesQuotesAndBackslashesOfAUserId() {
        String json = new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "a \"b\" \\ \u00e9", "r").json(JSON);
        assertEquals("a \"b\" \\ \u00e9", parse(json).getString("user.id"));
    }

    @Test
    void jsonLinesReachTheFile() throws Exception {
        Path file = dir.resolve("access.json");
        AccessLog log = AccessLog.open(file.toString(), LogFormat.JSON, () -> { });
        for (int i = 0; i < 3; i++) {
            log.offer(new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "u", "r-" + i));
        }
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("r-0", "r-1", "r-2"), lines.stream().map(l -> parse(l).getString("http.request.id")).toList());
    }

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());

    private static JsonObject parse(String line) {
        try (var reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    @Test
    void linesReachTheFileAndAreAllWrittenOnClose() throws Exception {
        Path file = dir.resolve("logs/access.log");
        AccessLog log = AccessLog.open(file.toString(), LogFormat.PLAIN, () -> { });
        for (int i = 0; i < 500; i++) {
            log.offer(new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "u", "r-" + i));
        }
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(500, lines.size());
        assertTrue(lines.get(0).endsWith(" r-0") && lines.get(499).endsWith(" r-499"), lines.get(499));
    }

    @Test
    void theWriterIsNotTheRequestThread() throws Exception {
        AtomicInteger sameThread = new AtomicInteger();
        Thread caller = Thread.currentThread();
        CountDownLatch written = new CountDownLatch(1);
        AccessLog log = AccessLog.to(new AccessLog.Sink() {
            @Override
            public void write(byte[] bytes, int length) {
                if (Thread.currentThread() == caller) {
                    sameThread.incrementAndGet();
                }
                written.countDown();
            }

            @Override
            public void close() {
            }
        }, LogFormat.PLAIN, 16, () -> { });
        log.offer(new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "u", "r"));
        assertTrue(written.await(5, TimeUnit.SECONDS));
        log.close();
        assertEquals(0, sameThread.get());
    }

    @Test
    void whenTheWriterIsStuckEntriesBeyondTheQueueAreDroppedAndCountedWithoutBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger drops = new AtomicInteger();
        AccessLog log = AccessLog.to(new AccessLog.Sink() {
            @Override
            public void write(byte[] bytes, int length) throws java.io.IOException {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (out) {
                    out.write(bytes, 0, length);
                }
            }

            @Override
            public void close() {
            }
        }, LogFormat.PLAIN, 4, drops::incrementAndGet);
        log.offer(new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "u", "first"));
        assertTrue(entered.await(5, TimeUnit.SECONDS), "the writer holds the first entry");
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            log.offer(new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "u", "r-" + i));
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "offers never wait for the writer");
        assertEquals(6, drops.get());
        assertEquals(6, log.dropped());
        release.countDown();
        log.close();
        String written;
        synchronized (out) {
            written = out.toString(StandardCharsets.UTF_8);
        }
        assertEquals(5, written.lines().count(), written);
    }

    @Test
    void aFileRotatesBySizeAndKeepsAFixedNumberOfOldFiles() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog.FileSink sink = new AccessLog.FileSink(file, 100, 2);
        byte[] line = ("x".repeat(59) + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 10; i++) {
            sink.write(line, line.length);
        }
        sink.close();
        assertTrue(Files.exists(dir.resolve("access.log.1")));
        assertTrue(Files.exists(dir.resolve("access.log.2")));
        assertFalse(Files.exists(dir.resolve("access.log.3")), "only two old files are kept");
        assertEquals(120, Files.size(dir.resolve("access.log.1")));
    }

    @Test
    void offSwallowsEverything() {
        AtomicInteger drops = new AtomicInteger();
        AccessLog log = AccessLog.open("off", LogFormat.JSON, drops::incrementAndGet);
        log.offer(new AccessLog.Entry(AT, "GET", "/api/me", 200, 1000, "u", "r"));
        log.close();
        assertEquals("off", log.target());
        assertEquals(0, drops.get());
    }
}
