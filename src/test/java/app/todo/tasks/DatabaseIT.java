package app.todo.tasks;

import static app.todo.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.TaskClient;
import app.todo.support.TcpProxy;
import app.todo.support.Tokens;

/**
 * The operator command against the database the suite runs on (PostgreSQL when TODO_DB_URL is set,
 * else embedded H2): acknowledged writes survive a restart; on PostgreSQL, a database that goes
 * away mid-flight, or is not there at start-up, is a quick 503 with Retry-After (under 1 s for concurrent
 * requests once the node knows) and readiness DOWN, and the service recovers by itself when it is back.
 */
class DatabaseIT {

    @TempDir
    Path root;

    @Test
    void dataSurvivesARestartAndAnOutageIsA503() throws Exception {
        String url = System.getenv("TODO_DB_URL");
        // The suite's password, or under trust authentication (as in CI) one that PostgreSQL ignores: either way
        // it must never reach the log.
        String password = System.getenv().getOrDefault("TODO_DB_PASSWORD", "");
        if (password.isEmpty()) {
            password = "pw-never-logged-" + UUID.randomUUID();
        }
        TcpProxy proxy = null;
        Map<String, String> env = new HashMap<>();
        env.put("BETTER_AUTH_SECRET", Tokens.SECRET);
        if (url != null && !url.isBlank()) {
            URI db = URI.create(url.substring("jdbc:".length()));
            proxy = new TcpProxy(db.getHost(), db.getPort());
            env.put("TODO_DB_URL", url.replace(db.getHost() + ":" + db.getPort(), "127.0.0.1:" + proxy.port()));
            env.put("TODO_DB_USER", System.getenv().getOrDefault("TODO_DB_USER", "postgres"));
            env.put("TODO_DB_PASSWORD", password);
        } else {
            env.put("TODO_DATA_DIR", root.resolve("data").toString());
        }

        String userId;
        JsonObject task;
        try (OperatorProcess server = OperatorProcess.start(env, root.resolve("node-1"))) {
            TaskClient user = TaskClient.newUser(new Http(server.base()));
            userId = user.userId();
            task = user.create("survives a restart");
            user.put(user.taskPath(task.getString("id")), "{\"description\":\"acknowledged\"}", null);
            task = Http.json(user.get(user.taskPath(task.getString("id"))));

            if (proxy != null) {
                proxy.stop();
                Instant before = Instant.now();
                HttpResponse<String> down = user.get(user.tasksPath());
                assertProblem(503, down);
                assertTrue(down.headers().firstValue("Retry-After").isPresent(), "Retry-After");
                assertTrue(Duration.between(before, Instant.now()).toSeconds() < 15, "bounded wait");
                assertProblem(503, user.post(user.tasksPath(), "{\"title\":\"while down\"}"));
                // Once one request has found the database away, the node knows: eight at once, each a quick 503.
                // Eight threads of their own: the common pool runs one task at a time on a 2-core machine.
                var eight = java.util.concurrent.Executors.newFixedThreadPool(8);
                var burst = java.util.stream.IntStream.range(0, 8).mapToObj(i -> java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            Instant sent = Instant.now();
                            HttpResponse<String> answer = i % 2 == 0 ? user.get(user.tasksPath())
                                    : user.post(user.tasksPath(), "{\"title\":\"while down\"}");
                            return Map.entry(answer, Duration.between(sent, Instant.now()));
                        }, eight)).toList();
                eight.shutdown();
                for (var each : burst) {
                    var answer = each.get();
                    assertProblem(503, answer.getKey());
                    assertTrue(answer.getKey().headers().firstValue("Retry-After").isPresent(), "Retry-After");
                    assertTrue(answer.getValue().toMillis() < 1000, "503 within 1 s: " + answer.getValue());
                }
                assertTrue(server.log().contains("503: database unavailable"));
                assertTrue(server.log().contains("Database unreachable"), "the circuit breaker opened");
                String metrics = new Http(server.base()).get("metrics", null).body();
                assertTrue(metrics.matches("(?s).*\\ntodo_db_connection_failures_total(\\{[^}]*\\})? [1-9].*"), metrics);
                HttpResponse<String> ready = new Http(server.base()).get("health/ready", null);
                assertEquals(503, ready.statusCode(), ready::body);
                assertTrue(ready.body().contains("\"database\"") && ready.body().contains("DOWN"), ready::body);
                assertEquals(200, new Http(server.base()).get("health/live", null).statusCode());

                proxy.start();
                Instant back = Instant.now();
                assertEquals(200, eventually(() -> user.get(user.tasksPath())).statusCode());
                assertTrue(Duration.between(back, Instant.now()).toSeconds() < 5, "serving again within seconds");
                assertEquals(200, new Http(server.base()).get("health/ready", null).statusCode());
            }
            if (env.containsKey("TODO_DB_PASSWORD")) {
                assertFalse(server.log().contains(password), "the database password is never logged");
            }
        }
        // The same instance root again, as a restarted container keeps it: the pool is defined afresh.
        try (OperatorProcess server = OperatorProcess.start(env, root.resolve("node-1"))) {
            TaskClient user = new TaskClient(new Http(server.base()), userId);
            HttpResponse<String> again = user.get(user.taskPath(task.getString("id")));
            assertEquals(200, again.statusCode(), again::body);
            assertEquals(task, Http.json(again));
            String log = server.log();
            assertTrue(log.contains("Schema current at version 2 (no migration applied)"), "the version, not null: " + log);
            if (env.containsKey("TODO_DB_PASSWORD")) {
                assertFalse(server.log().contains(password), "the database password is never logged");
                String configuration = Files.readString(server.configurationFile());
                assertFalse(configuration.contains(password), "nor written to the server's configuration");
                assertTrue(configuration.contains(server.environmentReference("TODO_DB_PASSWORD")),
                        "which keeps only the reference");
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    @Test
    void startsWithoutTheDatabaseAndServesOnceItAnswers() throws Exception {
        String url = System.getenv("TODO_DB_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL only: the embedded database is never away");
        try (TcpProxy proxy = TcpProxy.toDatabase(url)) {
            proxy.stop();
            Map<String, String> env = proxy.databaseEnv(url);
            try (OperatorProcess server = OperatorProcess.start(env, root.resolve("node"))) {
                Http http = new Http(server.base());
                HttpResponse<String> ready = http.get("health/ready", null);
                assertEquals(503, ready.statusCode(), ready::body);
                assertTrue(ready.body().contains("\"database\"") && ready.body().contains("unreachable"), ready::body);
                assertEquals(200, http.get("health/live", null).statusCode(), "alive: deployed, only waiting");
                TaskClient user = TaskClient.newUser(http);
                HttpResponse<String> down = user.get(user.tasksPath());
                assertProblem(503, down);
                assertTrue(down.headers().firstValue("Retry-After").isPresent(), "Retry-After");

                proxy.start();
                assertEquals(200, eventually(() -> http.get("health/ready", null)).statusCode());

                // Away again before any task was read or written: the schema is current, the JPA unit not yet
                // started, and its start fails until the database is back.
                proxy.stop();
                assertProblem(503, user.get(user.tasksPath()));
                proxy.start();
                assertEquals(200, eventually(() -> user.get(user.tasksPath())).statusCode());
                assertEquals(201, user.post(user.tasksPath(), "{\"title\":\"once the database answers\"}").statusCode());
            }
        }
    }

    private static HttpResponse<String> eventually(java.util.function.Supplier<HttpResponse<String>> call)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        HttpResponse<String> last = call.get();
        while (last.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            last = call.get();
        }
        return last;
    }
}
