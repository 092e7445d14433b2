package app.todo.tasks;

import static app.todo.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.todo.support.Deployments;
import app.todo.support.Http;
import app.todo.support.TaskClient;

/** The task routes of API.md, black-box on the deployed WAR (PostgreSQL when TODO_DB_URL is set). */
@ExtendWith(ArquillianExtension.class)
class TasksIT {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    private Http http;
    private TaskClient me;

    @BeforeEach
    void client() throws Exception {
        http = new Http(base.toURI());
        me = TaskClient.newUser(http);
    }

    // ---- create

    @Test
    void createAnswers201WithLocationETagAndTheTask() {
        HttpResponse<String> created = me.post(me.tasksPath(), "{\"title\":\"  Buy milk \",\"description\":\"2 litres\"}");
        assertEquals(201, created.statusCode(), created::body);
        JsonObject task = Http.json(created);
        assertEquals("Buy milk", task.getString("title"), "title is trimmed");
        assertEquals("2 litres", task.getString("description"));
        assertFalse(task.getBoolean("completed"));
        assertEquals(me.userId(), task.getString("user_id"));
        assertEquals(1, task.getInt("version"));
        assertEquals(task.getString("created_at"), task.getString("updated_at"));
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith(me.taskPath(task.getString("id"))));
        assertEquals("\"1\"", created.headers().firstValue("ETag").orElseThrow());
        assertEquals(task, Http.json(me.send(me.request(
                URI.create(created.headers().firstValue("Location").orElseThrow())).GET())));
    }

    @Test
    void everyFieldIsAlwaysPresentWithAnEmptyDescriptionAsNull() {
        JsonObject task = me.create("Plain");
        for (String field : List.of("id", "title", "description", "completed", "user_id", "created_at", "updated_at", "version")) {
            assertTrue(task.containsKey(field), field);
        }
        assertEquals(JsonValue.NULL, task.get("description"));
    }

    @Test
    void identityFieldsInTheBodyAreIgnored() {
        HttpResponse<String> created = me.post(me.tasksPath(),
                "{\"title\":\"Mine\",\"user_id\":\"someone-else\",\"id\":\"00000000-0000-0000-0000-000000000001\","
                        + "\"created_at\":\"2000-01-01T00:00:00Z\",\"version\":99,\"unknown\":{\"deep\":[1,2,{}]}}");
        assertEquals(201, created.statusCode(), created::body);
        JsonObject task = Http.json(created);
        assertEquals(me.userId(), task.getString("user_id"));
        assertNotEquals("00000000-0000-0000-0000-000000000001", task.getString("id"));
        assertEquals(1, task.getInt("version"));
        assertFalse(task.getString("created_at").startsWith("2000"));
    }

    @Test
    void hostilePayloadsAreStoredAndReturnedVerbatim() {
        String payload = "'; DROP TABLE tasks; -- <script>alert(1)</script> \"quoted\" \\ \u00e9\u4e2d\ud83d\ude00";
        JsonObject task = me.create(payload);
        assertEquals(payload, task.getString("title"));
        assertEquals(payload, Http.json(me.get(me.taskPath(task.getString("id")))).getString("title"));
    }

    @Test
    void missingTitleIs422WithTheField() {
        JsonObject problem = assertProblem(422, me.post(me.tasksPath(), "{\"description\":\"no title\"}"));
        assertEquals("title", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void blankTitleIs422() {
        assertProblem(422, me.post(me.tasksPath(), "{\"title\":\"   \"}"));
    }

    @Test
    void titleOf256CharactersIs422() {
        assertProblem(422, me.post(me.tasksPath(), "{\"title\":\"" + "x".repeat(256) + "\"}"));
    }

    @Test
    void titleOf255CharactersIsFine() {
        assertEquals(255, me.create("x".repeat(255)).getString("title").length());
    }

    @Test
    void descriptionOver10000CharactersIs422() {
        assertProblem(422, me.post(me.tasksPath(), "{\"title\":\"t\",\"description\":\"" + "d".repeat(10_001) + "\"}"));
    }

    @Test
    void wrongTypesAre422NamingEachField() {
        JsonObject problem = assertProblem(422, me.post(me.tasksPath(),
                "{\"title\":42,\"description\":[\"x\"],\"completed\":\"yes\"}"));
        Set<String> fields = new HashSet<>();
        problem.getJsonArray("errors").getValuesAs(JsonObject.class).forEach(e -> fields.add(e.getString("field")));
        assertEquals(Set.of("title", "description", "completed"), fields);
    }

    @Test
    void nulCharacterIs422() {
        assertProblem(422, me.post(me.tasksPath(), "{\"title\":\"a\\u0000b\"}"));
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(400, me.post(me.tasksPath(), "{\"title\":"));
    }

    @Test
    void aJsonArrayBodyIs400() {
        assertProblem(400, me.post(me.tasksPath(), "[{\"title\":\"x\"}]"));
    }

    @Test
    void deeplyNestedJsonIsRefusedCleanly() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        HttpResponse<String> response = me.post(me.tasksPath(), "{\"title\":\"t\",\"x\":" + deep + "}");
        assertTrue(response.statusCode() == 400 || response.statusCode() == 201, response::body);
        assertTrue(response.statusCode() < 500);
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertProblem(400, me.send(me.request(me.tasksPath()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    @Test
    void bodyOver64KiBIs413() {
        assertProblem(413, me.post(me.tasksPath(), "{\"title\":\"t\",\"pad\":\"" + "p".repeat(70_000) + "\"}"));
    }

    @Test
    void wrongContentTypeIs415() {
        assertProblem(415, me.send(me.request(me.tasksPath()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}"))));
    }

    @Test
    void unacceptableAcceptIs406() {
        assertProblem(406, me.send(me.request(me.tasksPath()).header("Accept", "application/xml").GET()));
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpResponse<String> response = me.send(me.request(me.tasksPath()).DELETE());
        assertProblem(405, response);
        assertTrue(response.headers().firstValue("Allow").isPresent());
    }

    // ---- read

    @Test
    void getAnswersTheTaskWithItsETag() {
        JsonObject task = me.create("Read me");
        HttpResponse<String> response = me.get(me.taskPath(task.getString("id")));
        assertEquals(200, response.statusCode());
        assertEquals("\"1\"", response.headers().firstValue("ETag").orElseThrow());
        assertEquals(task, Http.json(response));
    }

    @Test
    void aNonUuidIdIs404() {
        assertProblem(404, me.get(me.taskPath("not-a-uuid")));
        assertProblem(404, me.get(me.taskPath("1%27%20OR%20%271%27%3D%271")));
    }

    @Test
    void anUnknownIdIs404() {
        assertProblem(404, me.get(me.taskPath("3f1c0000-0000-4000-8000-000000000000")));
    }

    // ---- update

    @Test
    void putChangesOnlyTheFieldsSent() {
        JsonObject task = me.create("Original");
        String path = me.taskPath(task.getString("id"));
        me.put(path, "{\"description\":\"added\"}", null);
        HttpResponse<String> response = me.put(path, "{\"completed\":true}", null);
        assertEquals(200, response.statusCode(), response::body);
        JsonObject updated = Http.json(response);
        assertEquals("Original", updated.getString("title"));
        assertEquals("added", updated.getString("description"));
        assertTrue(updated.getBoolean("completed"));
        assertEquals(3, updated.getInt("version"));
        assertEquals("\"3\"", response.headers().firstValue("ETag").orElseThrow());
        assertEquals(task.getString("created_at"), updated.getString("created_at"));
        assertTrue(updated.getString("updated_at").compareTo(task.getString("updated_at")) > 0);
    }

    @Test
    void putWithExplicitNullClearsTheDescription() {
        String path = me.taskPath(Http.json(me.post(me.tasksPath(), "{\"title\":\"t\",\"description\":\"d\"}")).getString("id"));
        assertEquals(JsonValue.NULL, Http.json(me.put(path, "{\"description\":null}", null)).get("description"));
    }

    @Test
    void putWithCurrentIfMatchSucceedsAndStaleIs412() {
        String path = me.taskPath(me.create("Versioned").getString("id"));
        assertEquals(200, me.put(path, "{\"title\":\"v2\"}", "\"1\"").statusCode());
        assertProblem(412, me.put(path, "{\"title\":\"v3\"}", "\"1\""));
        assertEquals("v2", Http.json(me.get(path)).getString("title"));
    }

    @Test
    void putWithInvalidFieldIs422AndChangesNothing() {
        String path = me.taskPath(me.create("Keep").getString("id"));
        assertProblem(422, me.put(path, "{\"title\":\"\"}", null));
        assertEquals("Keep", Http.json(me.get(path)).getString("title"));
    }

    @Test
    void putOnUnknownTaskIs404() {
        assertProblem(404, me.put(me.taskPath("3f1c0000-0000-4000-8000-000000000000"), "{\"title\":\"x\"}", null));
    }

    @Test
    void patchCompleteFlipsCompleted() {
        String path = me.taskPath(me.create("Flip").getString("id"));
        HttpResponse<String> first = me.patchComplete(path, null);
        assertEquals(200, first.statusCode(), first::body);
        assertTrue(Http.json(first).getBoolean("completed"));
        assertEquals("\"2\"", first.headers().firstValue("ETag").orElseThrow());
        assertFalse(Http.json(me.patchComplete(path, "\"2\"")).getBoolean("completed"));
        assertProblem(412, me.patchComplete(path, "\"2\""));
    }

    @Test
    void twoConcurrentUpdatesWithTheSameIfMatchExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String path = me.taskPath(me.create("Race " + round).getString("id"));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<HttpResponse<String>>> racers = new ArrayList<>();
            for (String title : List.of("left", "right")) {
                racers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return me.put(path, "{\"title\":\"" + title + "\"}", "\"1\"");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            String winner = null;
            for (CompletableFuture<HttpResponse<String>> racer : racers) {
                HttpResponse<String> response = racer.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 200) {
                    winner = Http.json(response).getString("title");
                }
            }
            statuses.sort(null);
            assertEquals(List.of(200, 412), statuses, "round " + round);
            JsonObject stored = Http.json(me.get(path));
            assertEquals(winner, stored.getString("title"), "the winner's write is what is stored");
            assertEquals(2, stored.getInt("version"));
        }
    }

    @Test
    void concurrentTogglesWithoutIfMatchAreEachAppliedOnce() throws Exception {
        String path = me.taskPath(me.create("Toggled by eight at once").getString("id"));
        int n = 8;
        CountDownLatch start = new CountDownLatch(1);
        var eight = java.util.concurrent.Executors.newFixedThreadPool(n);
        List<CompletableFuture<HttpResponse<String>>> togglers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            togglers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return me.patchComplete(path, null);
            }, eight));
        }
        start.countDown();
        List<Integer> versions = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> toggler : togglers) {
            HttpResponse<String> response = toggler.get();
            assertEquals(200, response.statusCode(), response::body);
            versions.add(Http.json(response).getInt("version"));
        }
        eight.shutdown();
        versions.sort(null);
        assertEquals(java.util.stream.IntStream.rangeClosed(2, n + 1).boxed().toList(), versions,
                "each toggle answered its own version: none lost, none applied twice");
        JsonObject stored = Http.json(me.get(path));
        assertEquals(n + 1, stored.getInt("version"));
        assertFalse(stored.getBoolean("completed"), "an even number of flips");
    }

    // ---- delete

    @Test
    void deleteIs204ThenTheTaskIsGoneAndASecondDeleteIs404() {
        String path = me.taskPath(me.create("Doomed").getString("id"));
        HttpResponse<String> deleted = me.delete(path);
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertProblem(404, me.get(path));
        assertProblem(404, me.delete(path));
    }

    // ---- list

    @Test
    void listIsNewestFirstByDefault() {
        me.create("first");
        me.create("second");
        me.create("third");
        assertEquals(List.of("third", "second", "first"), titles(me.get(me.tasksPath())));
    }

    @Test
    void listFiltersByCompleted() {
        me.create("open");
        me.patchComplete(me.taskPath(me.create("done").getString("id")), null);
        assertEquals(List.of("done"), titles(me.get(me.tasksPath() + "?completed=true")));
        assertEquals(List.of("open"), titles(me.get(me.tasksPath() + "?completed=false")));
    }

    @Test
    void listSortsByEachKey() {
        me.create("b");
        me.create("c");
        me.create("a");
        assertEquals(List.of("a", "b", "c"), titles(me.get(me.tasksPath() + "?sort=title")));
        assertEquals(List.of("c", "b", "a"), titles(me.get(me.tasksPath() + "?sort=-title")));
        assertEquals(List.of("b", "c", "a"), titles(me.get(me.tasksPath() + "?sort=created_at")));
        me.put(me.taskPath(((JsonArray) Http.structure(me.get(me.tasksPath() + "?sort=title&limit=1").body()))
                        .getJsonObject(0).getString("id")),
                "{\"description\":\"touched\"}", null);
        assertEquals("a", titles(me.get(me.tasksPath() + "?sort=-updated_at")).get(0));
        assertEquals("a", titles(me.get(me.tasksPath() + "?sort=updated_at")).get(2));
    }

    @Test
    void badQueryParametersAre400() {
        for (String query : List.of("completed=maybe", "sort=owner", "limit=0", "limit=201", "limit=ten", "cursor=%25%25%25",
                "cursor=bm90LWEtY3Vyc29y")) {
            assertProblem(400, me.get(me.tasksPath() + "?" + query));
        }
    }

    @Test
    void aCursorOfAnotherSortIs400() {
        me.create("one");
        me.create("two");
        String next = nextLink(me.get(me.tasksPath() + "?limit=1"));
        String cursor = next.substring(next.indexOf("cursor=") + 7).split("&")[0];
        assertProblem(400, me.get(me.tasksPath() + "?sort=title&cursor=" + cursor));
    }

    @Test
    void pagesFollowTheNextLinkWithoutLossOrDuplicateWhileTasksAreInserted() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(me.create("page " + i).getString("id"));
        }
        List<String> seen = new ArrayList<>();
        HttpResponse<String> page = me.get(me.tasksPath() + "?limit=3");
        int pages = 0;
        while (true) {
            assertEquals(200, page.statusCode(), page::body);
            ((JsonArray) Http.structure(page.body())).getValuesAs(JsonObject.class)
                    .forEach(t -> seen.add(t.getString("id")));
            // a newer task inserted between pages must not shift the pages already being read
            me.create("inserted during paging " + pages);
            pages++;
            String next = page.headers().firstValue("Link").map(TasksIT::nextOf).orElse(null);
            if (next == null) {
                break;
            }
            page = me.send(me.request(URI.create(next)).GET());
        }
        assertEquals(3, pages);
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no duplicates");
        assertEquals(created, new HashSet<>(seen), "every task that existed at the start, none lost");
    }

    @Test
    void theLastPageHasNoNextLink() {
        me.create("only");
        assertTrue(me.get(me.tasksPath() + "?limit=1").headers().firstValue("Link").isEmpty());
    }

    @Test
    void anEmptyListIsAnEmptyArray() {
        HttpResponse<String> response = me.get(me.tasksPath());
        assertEquals(200, response.statusCode());
        assertEquals(0, ((JsonArray) Http.structure(response.body())).size());
    }

    // ---- conditional GET and caching (docs/api.md#caching)

    @Test
    void aTaskReadWithItsOwnTagIsNotModifiedWithoutABody() {
        String path = me.taskPath(me.create("cached").getString("id"));
        HttpResponse<String> first = me.get(path);
        assertEquals("private, no-cache", first.headers().firstValue("Cache-Control").orElse(null));
        String tag = first.headers().firstValue("ETag").orElseThrow();
        for (String ifNoneMatch : List.of(tag, "W/" + tag, "\"99\", " + tag, "*")) {
            HttpResponse<String> again = ifNoneMatch(path, ifNoneMatch);
            assertEquals(304, again.statusCode(), ifNoneMatch);
            assertEquals("", again.body());
            assertEquals(tag, again.headers().firstValue("ETag").orElse(null));
            assertEquals("private, no-cache", again.headers().firstValue("Cache-Control").orElse(null));
        }
    }

    @Test
    void aTaskReadWithAnOldTagIsAnsweredInFull() {
        String path = me.taskPath(me.create("changes").getString("id"));
        me.patchComplete(path, null);
        HttpResponse<String> read = ifNoneMatch(path, "\"1\"");
        assertEquals(200, read.statusCode());
        assertEquals("\"2\"", read.headers().firstValue("ETag").orElse(null));
        assertTrue(Http.json(read).getBoolean("completed"));
        assertEquals(200, ifNoneMatch(path, "not a tag").statusCode(), "a malformed If-None-Match is ignored");
    }

    @Test
    void aListTagChangesWhenAListedTaskChangesAndMatchesOtherwise() {
        String id = me.create("one").getString("id");
        me.create("two");
        HttpResponse<String> list = me.get(me.tasksPath());
        String tag = list.headers().firstValue("ETag").orElseThrow();
        assertTrue(tag.matches("\"[A-Za-z0-9_-]+\""), "a strong tag: " + tag);
        assertEquals("private, no-cache", list.headers().firstValue("Cache-Control").orElse(null));
        HttpResponse<String> same = ifNoneMatch(me.tasksPath(), "W/" + tag);
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());
        assertEquals(tag, same.headers().firstValue("ETag").orElse(null));

        me.put(me.taskPath(id), "{\"description\":\"changed\"}", null);
        HttpResponse<String> changed = ifNoneMatch(me.tasksPath(), tag);
        assertEquals(200, changed.statusCode(), "a changed task changes the list's tag");
        String changedTag = changed.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(tag, changedTag);
        me.delete(me.taskPath(id));
        assertNotEquals(changedTag, ifNoneMatch(me.tasksPath(), changedTag).headers().firstValue("ETag").orElseThrow(),
                "a deleted task changes the list's tag");
    }

    @Test
    void aNotModifiedPageKeepsItsNextLink() {
        me.create("a");
        me.create("b");
        HttpResponse<String> page = me.get(me.tasksPath() + "?limit=1");
        HttpResponse<String> again = ifNoneMatch(me.tasksPath() + "?limit=1", page.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, again.statusCode());
        assertEquals(page.headers().firstValue("Link"), again.headers().firstValue("Link"));
    }

    @Test
    void changesAndErrorsAreNeverStored() {
        HttpResponse<String> created = me.post(me.tasksPath(), "{\"title\":\"x\"}");
        assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(null));
        String path = me.taskPath(Http.json(created).getString("id"));
        assertEquals("no-store", me.patchComplete(path, null).headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-store", me.put(path, "{\"title\":\"\"}", null).headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-store", me.put(path, "{}", "\"1\"").headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-store", me.delete(path).headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-store", me.get(path).headers().firstValue("Cache-Control").orElse(null), "the 404");
        assertEquals("no-store", http.get(me.tasksPath(), null).headers().firstValue("Cache-Control").orElse(null), "the 401");
    }

    private HttpResponse<String> ifNoneMatch(String path, String value) {
        return me.send(me.request(path).header("If-None-Match", value).GET());
    }

    private static List<String> titles(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        List<String> titles = new ArrayList<>();
        ((JsonArray) Http.structure(response.body())).getValuesAs(JsonObject.class).forEach(t -> titles.add(t.getString("title")));
        return titles;
    }

    private static String nextLink(HttpResponse<String> response) {
        return nextOf(response.headers().firstValue("Link").orElseThrow());
    }

    private static String nextOf(String link) {
        Matcher m = NEXT.matcher(link);
        return m.find() ? m.group(1) : null;
    }

}
