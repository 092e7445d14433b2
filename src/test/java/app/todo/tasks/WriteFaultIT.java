package app.todo.tasks;

import static app.todo.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Await;
import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.TaskClient;
import app.todo.support.TcpProxy;

/**
 * The database connection cut at each step of a write (the transaction's BEGIN, the INSERT, the COMMIT; before the
 * database got the message, and right after it did): every answer is a 201 or a 503 problem+json with
 * Retry-After, never a 500; a commit whose outcome the server cannot know says so; and no acknowledged write is
 * lost. PostgreSQL only (a proxy sits between the server and the database); each wait bounded.
 */
class WriteFaultIT {

    @TempDir
    Path root;

    /** The SQL text that marks each step in PostgreSQL's wire protocol, and whether the cut follows it. */
    private static final List<Map.Entry<String, Boolean>> CUTS = List.of(Map.entry("BEGIN", false),
            Map.entry("INSERT INTO tasks", false), Map.entry("INSERT INTO tasks", true), Map.entry("COMMIT", false),
            Map.entry("COMMIT", true));

    @Test
    void aConnectionCutAtAnyStepOfAWriteIs201Or503AndLosesNoAcknowledgedWrite() throws Exception {
        String url = System.getenv("TODO_DB_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL only: the embedded database is never cut");
        try (TcpProxy proxy = TcpProxy.toDatabase(url)) {
            try (OperatorProcess server = OperatorProcess.start(proxy.databaseEnv(url), root.resolve("payara"))) {
                TaskClient user = TaskClient.newUser(new Http(server.base()));
                assertEquals(201, user.post(user.tasksPath(), "{\"title\":\"warm-up\"}").statusCode());
                List<String> acknowledged = new ArrayList<>(List.of("warm-up"));
                int n = 0;
                for (Map.Entry<String, Boolean> cut : CUTS) {
                    for (int attempt = 0; attempt < 2; attempt++) {
                        String title = "write " + (n++) + " cut at " + cut.getKey() + (cut.getValue() ? " after" : "");
                        proxy.cutAt(cut.getKey(), cut.getValue());
                        HttpResponse<String> answer = user.post(user.tasksPath(), "{\"title\":\"" + title + "\"}");
                        if (answer.statusCode() == 201) {
                            acknowledged.add(title);
                        } else {
                            JsonObject problem = assertProblem(503, answer);
                            assertTrue(answer.headers().firstValue("Retry-After").isPresent(), title);
                            // Which connection's COMMIT the cut meets is not this test's to choose (every
                            // connection is cut): either the database was unavailable, or this write's commit
                            // outcome is unknown and the detail says so.
                            String detail = problem.getString("detail");
                            assertTrue(detail.equals("The database is unavailable; try again shortly.")
                                    || detail.contains("may or may not have been saved"), detail);
                        }
                        if (proxy.cutDone()) {
                            break;
                        }
                    }
                    proxy.disarm();
                    waitUntilWritable(user);
                }
                HttpResponse<String> list = user.get(user.tasksPath() + "?limit=100");
                assertEquals(200, list.statusCode(), list::body);
                for (String title : acknowledged) {
                    assertTrue(list.body().contains("\"" + title + "\""), "acknowledged write lost: " + title);
                }
            }
        }
    }

    /** The database answers again within seconds of the cut (docs/reliability.md). */
    private static void waitUntilWritable(TaskClient user) {
        Await.awaitUntil(() -> user.get(user.tasksPath()).statusCode() == 200, Duration.ofSeconds(30),
                "serving again after the cut");
    }
}
