package app.todo.platform;

import static app.todo.support.Problems.assertProblem;
import static app.todo.support.Problems.assertUnauthorized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.todo.support.Await;
import app.todo.support.Deployments;
import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.RawHttp;
import app.todo.support.TaskClient;
import app.todo.support.Tokens;

/**
 * The fixed order of refusals (docs/api.md, "Order of refusals"): a request that breaks two rules gets the answer of
 * the rule that comes first, the cheaper one, and a token is never checked for a request a header rule, a preflight
 * or a draining node refuses. Each test breaks exactly two rules, one of them "bad token", unless it says otherwise.
 * Raw sockets where HttpClient will not send the request as written.
 */
@ExtendWith(ArquillianExtension.class)
class RefusalOrderIT {

    private static final String FRONTEND = OperationsIT.FRONTEND;
    private static final String BAD_TOKEN = "Authorization: Bearer not.a.token";
    private static final String TASK = "{\"title\":\"order\"}";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    private RawHttp raw;
    private TaskClient user;

    @BeforeEach
    void clients() throws Exception {
        raw = new RawHttp(base.toURI());
        user = TaskClient.newUser(new Http(base.toURI()));
    }

    private String path(String relative) {
        return base.getPath() + relative;
    }

    private String tasks() {
        return path(user.tasksPath());
    }

    private HttpResponse<String> post(String... headers) {
        List<String> lines = new ArrayList<>(List.of(headers));
        lines.add("Content-Length: " + TASK.length());
        return raw.send("POST", tasks(), lines, TASK);
    }

    // ---- 1. header rules before everything else

    @Test
    void twoHostLinesAndABadTokenIs400() {
        HttpResponse<String> answer = post("Host: a.example", "Host: b.example", BAD_TOKEN,
                "Content-Type: application/json");
        assertEquals(400, answer.statusCode(), answer::body);
        assertNoTokenWasChecked(answer);
    }

    @Test
    void anInvalidHostAndABadTokenIs400() {
        HttpResponse<String> answer = post("Host: user@evil.example", BAD_TOKEN, "Content-Type: application/json");
        assertEquals(400, answer.statusCode(), answer::body);
        if (!answer.body().isEmpty()) {   // WildFly's Undertow refuses this Host itself, with an empty 400
            assertProblem(400, answer);
        }
        assertNoTokenWasChecked(answer);
    }

    @Test
    void twoContentTypesAndABadTokenIs400() {
        HttpResponse<String> answer = post(raw.host(), BAD_TOKEN, "Content-Type: application/json",
                "Content-Type: application/json");
        assertTrue(assertProblem(400, answer).getString("detail").contains("Content-Type"), answer::body);
        assertNoTokenWasChecked(answer);
    }

    @Test
    void aPreflightThatBreaksAHeaderRuleIs400NotAnswered() {
        HttpResponse<String> answer = raw.send("OPTIONS", path("api/me"), List.of(raw.host(), "Origin: " + FRONTEND,
                "Access-Control-Request-Method: GET", "Content-Type: text/plain", "Content-Type: text/plain"), null);
        assertProblem(400, answer);
        assertFalse(answer.headers().firstValue("Access-Control-Allow-Methods").isPresent());
    }

    // ---- 2. a preflight needs no token, and is refused for its origin alone

    @Test
    void aPreflightFromADisallowedOriginWithoutATokenIs403() {
        HttpResponse<String> answer = raw.send("OPTIONS", path("api/me"), List.of(raw.host(),
                "Origin: https://evil.example", "Access-Control-Request-Method: GET"), null);
        assertProblem(403, answer);
        assertNoTokenWasChecked(answer);
    }

    @Test
    void aPreflightFromTheFrontendWithoutATokenIs204() {
        HttpResponse<String> answer = raw.send("OPTIONS", tasks(), List.of(raw.host(), "Origin: " + FRONTEND,
                "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: authorization"), null);
        assertEquals(204, answer.statusCode(), answer::body);
        assertEquals(FRONTEND, answer.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    // ---- 3. the draining node: below, drainingAndABadTokenIs503

    // ---- 4. media types before the token, and before the JAX-RS runtime parses them (issue 21)

    @Test
    void anUnparsableAcceptAndABadTokenIs400() {
        HttpResponse<String> answer = raw.send("GET", tasks(), List.of(raw.host(), BAD_TOKEN, "Accept: */*; q;=0.5"), null);
        assertTrue(assertProblem(400, answer).getString("detail").contains("Accept"), answer::body);
        assertNoTokenWasChecked(answer);
    }

    @Test
    void anUnparsableAcceptWithAValidTokenIs400NotA500() {
        for (String route : List.of(tasks(), path("api/me"))) {
            HttpResponse<String> answer = raw.send("GET", route, List.of(raw.host(),
                    "Authorization: Bearer " + user.token(), "Accept: */*; q;=0.5"), null);
            assertTrue(assertProblem(400, answer).getString("detail").contains("Accept"), answer::body);
        }
    }

    @Test
    void anUnparsableContentTypeAndABadTokenIs400() {
        HttpResponse<String> answer = post(raw.host(), BAD_TOKEN, "Content-Type: application/json; charset");
        assertTrue(assertProblem(400, answer).getString("detail").contains("Content-Type"), answer::body);
        assertNoTokenWasChecked(answer);
    }

    @Test
    void aWellFormedAcceptTheServiceCannotMeetIs406AfterTheToken() {
        HttpResponse<String> stranger = raw.send("GET", tasks(), List.of(raw.host(), BAD_TOKEN, "Accept: text/html"), null);
        assertUnauthorized(stranger, true);
        HttpResponse<String> caller = raw.send("GET", tasks(), List.of(raw.host(),
                "Authorization: Bearer " + user.token(), "Accept: text/html"), null);
        assertProblem(406, caller);
    }

    // ---- 5. a declared body too large before the token; a body of unknown size is never read for a stranger

    @Test
    void aDeclaredBodyTooLargeAndABadTokenIs413BeforeTheBodyIsRead() throws IOException {
        try (Socket big = raw.open("POST", tasks(), List.of(raw.host(), BAD_TOKEN, "Content-Type: application/json",
                "Content-Length: 10000000"), 0)) {
            String head = RawHttp.finalHead(big, 2_000);
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("connection: close"), head);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("www-authenticate"), head);
        }
    }

    @Test
    void aChunkedBodyWithoutATokenIs401BeforeItIsRead() throws IOException {
        // a chunk of 64 KiB announced, 10 bytes of it sent, and nothing more: only a refusal that reads nothing answers
        try (Socket chunked = raw.open("POST", tasks(), List.of(raw.host(), "Content-Type: application/json",
                "Transfer-Encoding: chunked"), 0)) {
            chunked.getOutputStream().write("10000\r\n{\"title\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            chunked.getOutputStream().flush();
            String head = RawHttp.finalHead(chunked, 2_000);
            assertTrue(head.startsWith("HTTP/1.1 401"), head);
        }
    }

    // ---- 6. authentication before authorization (tenant, route)

    @Test
    void aBadTokenOnAnotherUsersPathIs401Not403() {
        HttpResponse<String> answer = raw.send("GET", path("api/someone-else/tasks"), List.of(raw.host(), BAD_TOKEN), null);
        assertUnauthorized(answer, true);
    }

    @Test
    void aBadTokenWithTheWrongMethodIs401Not405() {
        HttpResponse<String> answer = raw.send("DELETE", tasks(), List.of(raw.host(), BAD_TOKEN), null);
        assertUnauthorized(answer, true);
    }

    // ---- the drain, on a server of its own (it is stopped)

    @Test
    void drainingAndABadTokenIs503() throws Exception {
        Path root = Files.createTempDirectory("todo-drain-order");
        Map<String, String> env = new HashMap<>();
        env.put("BETTER_AUTH_SECRET", Tokens.SECRET);
        OperatorProcess.withSuiteDatabase(env, root.resolve("data"));
        OperatorProcess server = OperatorProcess.start(env, root.resolve("server"));
        try (server) {   // stopped below; closed again (a no-op) if the test fails before
            RawHttp node = new RawHttp(server.base());
            HttpResponse<String> before = node.send("GET", "/api/me", List.of(node.host(), BAD_TOKEN), null);
            assertUnauthorized(before, true);
            // A request in flight (its body half sent) keeps the node draining: an idle WildFly suspends and stops
            // at once, too fast to be seen between two polls.
            TaskClient writer = TaskClient.newUser(new Http(server.base()));
            Socket inFlight = node.open("POST", "/" + writer.tasksPath(), List.of(node.host(), "Authorization: Bearer "
                    + writer.token(), "Content-Type: application/json", "Content-Length: " + TASK.length()), 4);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    server.close();   // SIGTERM: the node drains for its grace period (5 s), then stops
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicReference<HttpResponse<String>> draining = new AtomicReference<>();
            try {
                Await.awaitUntil(() -> {
                    HttpResponse<String> answer;
                    try {
                        answer = node.send("GET", "/api/me", List.of(node.host(), BAD_TOKEN), null);
                    } catch (UncheckedIOException | IllegalStateException gone) {
                        return true;   // the port is closed: the node has stopped
                    }
                    if (answer.statusCode() == 503) {
                        draining.set(answer);
                        return true;
                    }
                    assertUnauthorized(answer, true);   // not draining yet
                    return false;
                }, Duration.ofSeconds(10), Duration.ofMillis(20), () -> "a 503 while the node drains");
            } finally {
                inFlight.close();   // the request ends (its body cut short), and the node stops
                stopping.get();
            }
            assertTrue(draining.get() != null, "no 503 while the node drained");
            HttpResponse<String> answer = draining.get();
            assertFalse(answer.headers().firstValue("WWW-Authenticate").isPresent(), answer.headers()::toString);
            if (OperatorProcess.Server.current() == OperatorProcess.Server.PAYARA) {
                JsonObject problem = assertProblem(503, answer);
                assertEquals("The service is restarting; try again shortly.", problem.getString("detail"));
                assertEquals("1", answer.headers().firstValue("Retry-After").orElse(""));
            }
        }
    }

    /** The answer shows no trace of a token check: no challenge naming a token. */
    private static void assertNoTokenWasChecked(HttpResponse<String> answer) {
        assertFalse(answer.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"),
                answer.headers()::toString);
    }
}
