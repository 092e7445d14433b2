package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.RawHttp;
import app.todo.support.TaskClient;
import app.todo.support.Tokens;

/**
 * Every request header the service or its JAX-RS runtime reads (Accept and its parameters, Content-Type, If-Match,
 * If-None-Match, Origin, Host), random or a mutation of a valid value, on an authenticated request to each kind of
 * route: the answer is 2xx, 304, 400, 406, 412 or 415, never a 5xx (docs/api.md). One server (the operator
 * command) for the whole class; raw HTTP/1.1 so any byte 0x20–0xFF goes out as written; bounded tries, a few
 * seconds in all.
 */
class HeaderPropertyIT {

    private static final Set<Integer> ALLOWED = Set.of(200, 201, 204, 304, 400, 404, 406, 412, 415);
    private static final List<String> HEADERS = List.of("Accept", "Content-Type", "If-Match", "If-None-Match",
            "Origin", "Host", "Accept-Charset");

    private static OperatorProcess server;
    private static Path root;
    private static RawHttp raw;
    private static TaskClient user;
    private static String taskPath;

    @BeforeContainer
    static void start() throws Exception {
        root = Files.createTempDirectory("todo-headers");
        Map<String, String> env = new HashMap<>();
        env.put("BETTER_AUTH_SECRET", Tokens.SECRET);
        env.put("TODO_CORS_ORIGINS", "http://localhost:3000");
        OperatorProcess.withSuiteDatabase(env, root.resolve("data"));
        server = OperatorProcess.start(env, root.resolve("payara"));
        raw = new RawHttp(server.base());
        user = TaskClient.newUser(new Http(server.base()));
        taskPath = "/" + user.taskPath(user.create("headers").getString("id"));
    }

    @AfterContainer
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> valid = Arbitraries.of("application/json", "application/json; charset=utf-8",
                "application/json; charset=x", "*/*; q=0.5", "text/*, application/*;q=0.1", "\"1\"", "W/\"2\", \"3\"",
                "*", "http://localhost:3000", "todo.example:8080", "[::1]:80", "application/problem+json;q=1.0",
                "utf-8, iso-8859-1;q=0.5", "application/json;charset=\"utf-8\";q=0");
        Arbitrary<String> random = Arbitraries.strings().withCharRange((char) 0x20, (char) 0xff).ofMaxLength(60);
        Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 60),
                Arbitraries.of(";", ",", "=", "\"", "\\", "q=", "charset=", "/", "*", "%", "\u00ff", "W/", ":", "@",
                        "", "q=2", "q=-1", "q=0.0001", "charset=\u00e9"))
                .as((v, at, insert) -> {
                    int i = Math.min(at, v.length());
                    return at % 2 == 0 ? v.substring(0, i) + insert + v.substring(i)
                            : v.substring(0, i) + insert + v.substring(Math.min(v.length(), i + 1));
                });
        return Arbitraries.oneOf(valid, random, mutated).filter(v -> v.strip().equals(v) || !v.isBlank());
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void noHeaderValueIsA5xx(@ForAll("values") String value, @ForAll("headerNames") String header,
                             @ForAll("routes") int route) {
        List<String> lines = new ArrayList<>();
        lines.add(header.equals("Host") ? "Host: " + value : raw.host());
        lines.add("Authorization: Bearer " + user.token());
        if (!header.equals("Host")) {
            lines.add(header + ": " + value);
        }
        String body = null;
        String method = "GET";
        String path = "/api/me";
        if (route == 1) {
            path = "/" + user.tasksPath();
        } else if (route == 2 || route == 3) {
            method = route == 2 ? "POST" : "PUT";
            path = route == 2 ? "/" + user.tasksPath() : taskPath;
            body = "{\"title\":\"h\"}";
            if (!header.equals("Content-Type")) {
                lines.add("Content-Type: application/json");
            }
            lines.add("Content-Length: " + body.length());
        }
        HttpResponse<String> answer = raw.send(method, path, lines, body);
        assertTrue(ALLOWED.contains(answer.statusCode()),
                () -> header + ": " + value + " on " + route + " → " + answer.statusCode() + " " + answer.body());
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.of(HEADERS);
    }

    @Provide
    Arbitrary<Integer> routes() {
        return Arbitraries.integers().between(0, 3);
    }

    /** The example of issue 21, always tried. */
    @Property(tries = 1)
    void anUnknownCharsetInAcceptIsNotA500() {
        HttpResponse<String> answer = raw.send("GET", "/api/me", List.of(raw.host(),
                "Authorization: Bearer " + user.token(), "Accept: application/json; charset=x"), null);
        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 406, () -> answer.statusCode() + answer.body());
    }

}
