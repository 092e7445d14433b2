package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.OperatorProcess.Server;
import app.todo.support.Tokens;

/**
 * Both logs of the operator command as an operator ships them, with TODO_LOG_FORMAT=json and plain (on PostgreSQL
 * when the build has TODO_DB_URL): every line of the server log and the access log parses (json), no ANSI escape
 * code anywhere, the request id of each request in both logs, and never the token, the secret or the database
 * password. On the server of this run (Payara Micro, or WildFly in the failsafe execution wildfly-it): both write the
 * same JSON records (ServerLogFormatter), so every assertion holds on both, the records written on stop included.
 */
class LogFormatIT {

    private static final String SECRET = "log-format-it-secret-0123456789-abcdefghij";
    /** The password the pool is given: PostgreSQL's trust authentication never asks for it, H2 does not read it. */
    private static final String PASSWORD = System.getenv("TODO_DB_PASSWORD") != null
            && !System.getenv("TODO_DB_PASSWORD").isEmpty() ? System.getenv("TODO_DB_PASSWORD") : "log-format-it-db-password-4711";
    /**
     * The last record each server writes when it stops: Payara Micro's shutdown hook's, after its JDBC runtime's
     * print to System.out (a record of the logger {@code stdout} too); WildFly's WFLYSRV0050. Found, they show the
     * records of the stop are written, not lost to the JVM's reset of the logging at shutdown.
     */
    private static final Map<Server, Pattern> STOPPED = Map.of(
            Server.PAYARA, Pattern.compile("Payara Micro STOPPED\\."),
            Server.WILDFLY, Pattern.compile("WFLYSRV0050: .* stopped in .*"));
    /** The level names of java.util.logging: the only ones in the JSON records of either server. */
    private static final Set<String> LEVELS = Set.of("SEVERE", "WARNING", "INFO", "CONFIG", "FINE", "FINER", "FINEST");
    /** The JDK's own two-line format (what Payara Micro fell back to after a set-log-levels boot command). */
    private static final Pattern JDK_FORMAT = Pattern.compile("(?m)^(\\w{3} \\d\\d, \\d{4} |(INFO|WARNING|SEVERE): )");

    private static final Server SERVER = Server.current();

    @TempDir
    Path root;

    @Test
    void jsonOnStandardOutputIsOneRecordPerLineWithTheRequestIdInBothLogs() throws Exception {
        Sent sent;
        OperatorProcess stopped;
        String running;
        try (OperatorProcess server = OperatorProcess.start(environment("json", "-"), root.resolve("payara"))) {
            sent = drive(new Http(server.base()));
            awaitAccessRecords(server, "\"log.logger\":\"app.todo.access\"", sent.statuses.size());
            running = server.log();
            stopped = server;
        }
        String output = stopped.log();   // the stop's lines too
        assertNoSecret(output, sent);
        assertTrue(output.startsWith(running));

        Map<String, JsonObject> access = new HashMap<>();
        Map<String, List<JsonObject>> server = new HashMap<>();
        List<String> messages = new ArrayList<>();
        for (String line : output.lines().toList()) {   // every line, the stop's included, is one record
            JsonObject record = parse(line);
            messages.add(record.getString("message"));
            for (String field : List.of("@timestamp", "log.level", "log.logger", "message")) {
                assertTrue(record.containsKey(field), field + " in " + line);
            }
            String time = record.getString("@timestamp");
            assertTrue(time.endsWith("Z"), "RFC 3339 in UTC: " + line);
            Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(time));
            assertTrue(LEVELS.contains(record.getString("log.level")), "a java.util.logging level: " + line);
            if (record.containsKey("error.stack_trace")) {   // the trace inside the record (HK2's MultiException
                // prints its own header first, "MultiException stack 1 of 1", so not always "<error.type>: …")
                assertTrue(record.getString("error.stack_trace").contains("\n\tat "), line);
            }
            String requestId = record.containsKey("http.request.id") ? record.getString("http.request.id") : null;
            if ("app.todo.access".equals(record.getString("log.logger"))) {
                access.put(requestId, record);
            } else if (requestId != null) {
                server.computeIfAbsent(requestId, id -> new ArrayList<>()).add(record);
            }
        }
        sent.statuses.forEach((id, status) -> {
            JsonObject line = access.get(id);
            assertTrue(line != null, "an access record for " + id + ": " + access.keySet());
            assertEquals(status, line.getInt("http.response.status_code"), line.toString());
        });
        assertEquals("al_logs", access.get("lg-ok").getString("user.id"));
        assertFalse(access.get("lg-signature").containsKey("user.id"), "no caller, no user.id");
        for (String refused : List.of("lg-signature", "lg-expired", "lg-none")) {
            assertTrue(server.containsKey(refused), "a server record with http.request.id " + refused + ": " + server.keySet());
            JsonObject record = application(server.get(refused));
            assertTrue(record.getString("message").startsWith("401 GET /api/me: token refused, reason="), record.toString());
            assertTrue(record.getString("process.thread.name").endsWith("request=" + refused), record.toString());
            assertFalse(record.containsKey("user.id"), record.toString());
        }
        assertTrue(messages.stream().anyMatch(STOPPED.get(SERVER).asMatchPredicate()),
                "the stop's records are written: " + STOPPED.get(SERVER) + " in\n" + output.substring(running.length()));
        JsonObject tenant = application(server.get("lg-tenant"));
        assertEquals("al_logs", tenant.getString("user.id"), "a request with a verified caller names it: " + tenant);
        assertTrue(tenant.getString("message").startsWith("403 "), tenant.toString());
    }

    @Test
    void plainHasNoEscapeCodesAndTheRequestIdInBothLogs() throws Exception {
        Path accessLog = root.resolve("access.log");
        Sent sent;
        OperatorProcess stopped;
        String running;
        try (OperatorProcess server = OperatorProcess.start(environment("plain", accessLog.toString()), root.resolve("payara"))) {
            sent = drive(new Http(server.base()));
            awaitLines(accessLog, sent.statuses.size());
            running = server.log();
            stopped = server;
        }
        String output = stopped.log();
        String access = Files.readString(accessLog, StandardCharsets.UTF_8);
        assertNoSecret(output + access, sent);
        assertFalse(JDK_FORMAT.matcher(output).find(), "every record in the server's format, none in the JDK's:\n" + output);
        // Once, by the configured handler: Payara Micro's shutdown hook adds a handler of its own, which wrote it again
        // (java -jar: a second line; Payara on the class path: an ErrorManager report and stack trace, not a record).
        assertEquals(1, output.lines().filter(line -> STOPPED.get(SERVER).matcher(line).find()).count(),
                "the stop's last record is written once: " + STOPPED.get(SERVER) + " in\n" + output.substring(running.length()));
        // Payara's ODL lines, WildFly's pattern of server-config/wildfly/logging.cli: both begin with the [time].
        assertTrue(output.startsWith("[20"), "the server's plain format from the first line: " + output.lines().findFirst());
        sent.statuses.forEach((id, status) -> assertTrue(
                access.lines().anyMatch(line -> line.matches(".* GET /api/\\S+ " + status + " [0-9.]+ms \\S+ " + id)),
                "an access line for " + id + ":\n" + access));
        for (String refused : List.of("lg-signature", "lg-expired", "lg-none", "lg-tenant")) {
            assertTrue(output.lines().anyMatch(line -> line.contains("request=" + refused + "]")),
                    "a server log line of " + refused);
        }
    }

    /** The first of these records written by the application's own loggers. */
    private static JsonObject application(List<JsonObject> records) {
        return records.stream().filter(r -> r.getString("log.logger").startsWith("app.todo.")).findFirst()
                .orElseThrow(() -> new AssertionError("no record of the application: " + records));
    }

    /** What the requests of {@link #drive} were: request id → status, and the tokens sent. */
    private record Sent(Map<String, Integer> statuses, List<String> tokens) {
    }

    private static Sent drive(Http http) {
        String token = Tokens.forUser("al_logs").secret(SECRET).sign();
        String forged = Tokens.forUser("al_logs").secret(SECRET + "-not-it").sign();
        String expired = Tokens.forUser("al_logs").secret(SECRET).claim("iat", Tokens.now() - 7200)
                .claim("exp", Tokens.now() - 3600).sign();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("lg-ok", send(http, "api/me", token, "lg-ok"));
        statuses.put("lg-list", send(http, "api/al_logs/tasks?limit=5", token, "lg-list"));
        statuses.put("lg-signature", send(http, "api/me", forged, "lg-signature"));
        statuses.put("lg-expired", send(http, "api/me", expired, "lg-expired"));
        statuses.put("lg-none", send(http, "api/me", null, "lg-none"));
        statuses.put("lg-tenant", send(http, "api/someone_else/tasks", token, "lg-tenant"));
        assertEquals(List.of(200, 200, 401, 401, 401, 403), List.copyOf(statuses.values()), statuses::toString);
        return new Sent(statuses, List.of(token, forged, expired));
    }

    private static int send(Http http, String path, String token, String requestId) {
        HttpRequest.Builder request = http.request(path).GET().header("X-Request-Id", requestId);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request).statusCode();
    }

    private Map<String, String> environment(String format, String accessLog) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "BETTER_AUTH_SECRET", SECRET,
                "TODO_LOG_FORMAT", format,
                "TODO_ACCESS_LOG", accessLog,
                "TODO_DB_PASSWORD", PASSWORD,
                "TODO_DATA_DIR", Files.createDirectories(root.resolve("data")).toString()));
        for (String name : List.of("TODO_DB_URL", "TODO_DB_USER")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    private static void assertNoSecret(String logs, Sent sent) {
        assertFalse(logs.contains("\u001B"), "an ANSI escape code in the logs");
        assertFalse(logs.contains(SECRET), "the secret is never logged");
        assertFalse(logs.contains(PASSWORD), "the database password is never logged");
        for (String token : sent.tokens) {
            assertFalse(logs.contains(token), "a token is never logged");
            assertFalse(logs.contains(token.substring(token.lastIndexOf('.') + 1)), "nor its signature");
        }
    }

    private static JsonObject parse(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }

    /** Waits until the process output holds {@code count} access records (the access log's writer is asynchronous). */
    private static void awaitAccessRecords(OperatorProcess server, String marker, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (server.log().lines().filter(line -> line.contains(marker)).count() < count
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    private static void awaitLines(Path file, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while ((!Files.exists(file) || Files.readAllLines(file).size() < count) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }
}
