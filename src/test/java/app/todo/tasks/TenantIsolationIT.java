package app.todo.tasks;

import static app.todo.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.todo.support.Deployments;
import app.todo.support.Http;
import app.todo.support.TaskClient;

/**
 * Three users, every route, each user's token against the others' paths (403) and against the
 * others' task ids under its own path (404): afterwards every user's tasks are exactly as before.
 */
@ExtendWith(ArquillianExtension.class)
class TenantIsolationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    @Test
    void noUserSeesOrChangesAnotherUsersTasks() throws Exception {
        Http http = new Http(base.toURI());
        List<TaskClient> users = List.of(TaskClient.newUser(http), TaskClient.newUser(http), TaskClient.newUser(http));
        Map<TaskClient, List<JsonObject>> before = new HashMap<>();
        for (TaskClient user : users) {
            before.put(user, List.of(user.create(user.userId() + " one"), user.create(user.userId() + " two")));
        }

        int attempts = 0;
        for (TaskClient attacker : users) {
            for (TaskClient victim : users) {
                if (attacker == victim) {
                    continue;
                }
                String victimTask = before.get(victim).get(0).getString("id");

                // the victim's own paths: 403 on every route, before any database work
                String theirList = victim.tasksPath();
                String theirTask = victim.taskPath(victimTask);
                for (HttpRequest.Builder request : List.of(
                        attacker.request(theirList).GET(),
                        attacker.request(theirList).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"planted\"}")),
                        attacker.request(theirTask).GET(),
                        attacker.request(theirTask).header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"hijacked\"}")),
                        attacker.request(theirTask + "/complete").method("PATCH", HttpRequest.BodyPublishers.noBody()),
                        attacker.request(theirTask).DELETE())) {
                    assertProblem(403, attacker.send(request));
                    attempts++;
                }

                // the victim's task id under the attacker's own path: 404, as if it did not exist
                String viaOwnPath = attacker.taskPath(victimTask);
                assertProblem(404, attacker.get(viaOwnPath));
                assertProblem(404, attacker.put(viaOwnPath, "{\"title\":\"hijacked\"}", null));
                assertProblem(404, attacker.put(viaOwnPath, "{\"title\":\"hijacked\"}", "\"1\""));
                assertProblem(404, attacker.patchComplete(viaOwnPath, null));
                assertProblem(404, attacker.delete(viaOwnPath));
                attempts += 5;

                // and the attacker's own listing never shows the victim's tasks
                for (JsonObject task : list(attacker)) {
                    assertEquals(attacker.userId(), task.getString("user_id"));
                }
            }
        }
        assertEquals(3 * 2 * 11, attempts);

        for (TaskClient user : users) {
            List<JsonObject> after = list(user);
            List<JsonObject> expected = new ArrayList<>(before.get(user));
            java.util.Collections.reverse(expected);
            assertEquals(expected, after, "tasks of " + user.userId() + " unchanged");
        }
    }

    @Test
    void aTokenWithoutTheRightUserCannotUseAnEncodedVariantOfAnotherPath() throws Exception {
        Http http = new Http(base.toURI());
        TaskClient alice = TaskClient.newUser(http);
        TaskClient mallory = TaskClient.newUser(http);
        alice.create("secret");
        String encoded = "api/" + alice.userId().replace("u_", "u%5F") + "/tasks";
        HttpResponse<String> response = mallory.get(encoded);
        assertProblem(403, response);
    }

    private static List<JsonObject> list(TaskClient user) {
        HttpResponse<String> response = user.get(user.tasksPath());
        assertEquals(200, response.statusCode(), response::body);
        return ((JsonArray) Http.structure(response.body())).getValuesAs(JsonObject.class);
    }
}
