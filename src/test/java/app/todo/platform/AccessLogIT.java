package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.Tokens;

/**
 * The operator command with TODO_ACCESS_LOG: each /api request is one plain line in that file (route template, status,
 * duration, user, request id), refused and unknown requests included, and none in the server log.
 */
class AccessLogIT {

    /** time method route status duration user request-id */
    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (\\S+) (\\S+) (\\d{3}) (\\d+\\.\\d{3})ms (\\S+) (\\S+)");

    @TempDir
    Path root;

    @Test
    void everyApiRequestIsOneShortLineInTheAccessLogAndNoneInTheServerLog() throws Exception {
        Path accessLog = root.resolve("logs/access.log");
        Map<String, String> env = new HashMap<>(Map.of(
                "BETTER_AUTH_SECRET", Tokens.SECRET,
                "TODO_DATA_DIR", Files.createDirectories(root.resolve("data")).toString(),
                "TODO_ACCESS_LOG", accessLog.toString()));
        for (String name : List.of("TODO_DB_URL", "TODO_DB_USER", "TODO_DB_PASSWORD")) {
            Optional.ofNullable(System.getenv(name)).ifPresent(value -> env.put(name, value));
        }
        String token = Tokens.forUser("al_user").sign();
        try (OperatorProcess server = OperatorProcess.start(env, root.resolve("payara"))) {
            Http http = new Http(server.base());
            assertEquals(200, send(http, "GET", "api/me", token, "al-me").statusCode());
            assertEquals(200, send(http, "GET", "api/al_user/tasks?limit=5", token, "al-list").statusCode());
            assertEquals(401, send(http, "GET", "api/me", null, "al-no-token").statusCode());
            assertEquals(401, send(http, "GET", "api/al_user/tasks/123/complete", null, "al-refused-route").statusCode());
            assertEquals(404, send(http, "GET", "api/no-such-route/x/y/z", token, "al-unknown").statusCode());
            assertEquals(405, send(http, "DELETE", "api/me", token, "al-method").statusCode());
            assertEquals(200, http.get("health/ready", null).statusCode());

            Map<String, Matcher> lines = awaitLines(accessLog, 6);
            assertLine(lines.get("al-me"), "GET", "/api/me", "200", "al_user");
            assertLine(lines.get("al-list"), "GET", "/api/{user_id}/tasks", "200", "al_user");
            assertLine(lines.get("al-no-token"), "GET", "/api/me", "401", "-");
            assertLine(lines.get("al-refused-route"), "GET", "/api/{user_id}/tasks/{id}/complete", "401", "-");
            assertLine(lines.get("al-unknown"), "GET", "unmatched", "404", "al_user");
            assertLine(lines.get("al-method"), "DELETE", "/api/me", "405", "al_user");
            assertEquals(6, lines.size(), "one line per /api request, none for /health: " + lines.keySet());

            String serverLog = server.log();
            for (String id : List.of("al-me", "al-list", "al-unknown", "al-method")) {
                assertFalse(serverLog.contains(id), "the server log has no line of request " + id);
            }
            assertTrue(serverLog.contains("Access log: " + accessLog), "the start says where the access log goes");
        }
    }

    private static java.net.http.HttpResponse<String> send(Http http, String method, String path, String token,
            String requestId) {
        HttpRequest.Builder request = http.request(path).method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Request-Id", requestId);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request);
    }

    /** The lines of the access log by request id, once it has at least {@code count} (its writer is asynchronous). */
    private static Map<String, Matcher> awaitLines(Path file, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            List<String> raw = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            if (raw.size() >= count || Instant.now().isAfter(deadline)) {
                Map<String, Matcher> byId = new HashMap<>();
                for (String line : raw) {
                    assertTrue(line.getBytes(StandardCharsets.UTF_8).length < 150, line);
                    assertFalse(line.contains("\u001B"), "no ANSI codes: " + line);
                    Matcher matcher = LINE.matcher(line);
                    assertTrue(matcher.matches(), line);
                    byId.put(matcher.group(6), matcher);
                }
                return byId;
            }
            Thread.sleep(100);
        }
    }

    private static void assertLine(Matcher line, String method, String route, String status, String user) {
        assertTrue(line != null, "a line for the request");
        assertEquals(List.of(method, route, status, user),
                List.of(line.group(1), line.group(2), line.group(3), line.group(5)), line.group());
        assertTrue(Double.parseDouble(line.group(4)) > 0, "a duration from arrival, not 0: " + line.group());
    }
}
