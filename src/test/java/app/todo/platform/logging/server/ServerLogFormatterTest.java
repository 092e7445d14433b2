package app.todo.platform.logging.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;

/** The server log's JSON record, as both servers write it (docs/deployment.md#logs). */
class ServerLogFormatterTest {

    /** WildFly's WARN level (JBoss Logging): between WARNING (900) and SEVERE, named otherwise. */
    private static final Level JBOSS_WARN = new Level("WARN", 900) {
        private static final long serialVersionUID = 1L;
    };
    private static final Level JBOSS_DEBUG = new Level("DEBUG", 500) {
        private static final long serialVersionUID = 1L;
    };

    private final ServerLogFormatter formatter = new ServerLogFormatter();

    private JsonObject format(LogRecord record) {
        String line = formatter.format(record);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    @Test
    void aRecordOfARequestHasItsFieldsAtTheTopLevelAndAnRfc3339UtcTime() {
        LogRecord record = new LogRecord(Level.WARNING, "401 {0}: token refused, reason={1}");
        record.setParameters(new Object[] {"GET /api/me", "expired",
                Map.of("http.request.id", "req-1", "user.id", "alice")});
        record.setLoggerName("app.todo.identity.http.BearerFilter");
        record.setInstant(Instant.parse("2026-12-04T19:30:01.123Z"));
        JsonObject json = format(record);
        assertEquals("401 GET /api/me: token refused, reason=expired", json.getString("message"));
        assertEquals("WARNING", json.getString("log.level"));
        assertEquals("app.todo.identity.http.BearerFilter", json.getString("log.logger"));
        assertEquals("req-1", json.getString("http.request.id"));
        assertEquals("alice", json.getString("user.id"));
        assertEquals("2026-12-04T19:30:01.123Z", json.getString("@timestamp"));
        assertEquals(ZoneOffset.UTC, OffsetDateTime.parse(json.getString("@timestamp")).getOffset());
    }

    @Test
    void theExceptionIsItsClassMessageAndStackTraceInsideTheRecord() {
        LogRecord record = new LogRecord(Level.SEVERE, "failed");
        record.setThrown(new IllegalStateException("broken", new java.io.IOException("disk")));
        JsonObject json = format(record);
        assertEquals("java.lang.IllegalStateException", json.getString("error.type"));
        assertEquals("broken", json.getString("error.message"));
        String trace = json.getString("error.stack_trace");
        assertTrue(trace.startsWith("java.lang.IllegalStateException: broken"), trace);
        assertTrue(trace.contains("Caused by: java.io.IOException: disk"), trace);
        assertFalse(json.containsKey("http.request.id"), "no request, no request field");
    }

    @Test
    void levelsAreJavaUtilLoggingNamesOnEveryServer() {
        assertEquals("WARNING", format(new LogRecord(JBOSS_WARN, "m")).getString("log.level"));
        assertEquals("FINE", format(new LogRecord(JBOSS_DEBUG, "m")).getString("log.level"));
        assertEquals("SEVERE", format(new LogRecord(new Level("ERROR", 1000) {
            private static final long serialVersionUID = 1L;
        }, "m")).getString("log.level"));
        assertEquals("INFO", format(new LogRecord(Level.INFO, "m")).getString("log.level"));
    }

    @Test
    void aParameterThatIsNoMapIsOnlyPartOfTheMessage() {
        LogRecord record = new LogRecord(Level.INFO, "Access log: {0}");
        record.setParameters(new Object[] {"standard output"});
        JsonObject json = format(record);
        assertEquals("Access log: standard output", json.getString("message"));
        assertFalse(json.containsKey("standard output"));
    }
}
