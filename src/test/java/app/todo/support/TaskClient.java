package app.todo.support;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import jakarta.json.JsonObject;

/** One user of the API: a fresh user id, a token minted for it, and the task routes under its own path. */
public final class TaskClient {

    private final Http http;
    private final String userId;
    private final String token;

    public TaskClient(Http http, String userId) {
        this.http = http;
        this.userId = userId;
        this.token = Tokens.forUser(userId).sign();
    }

    /** A user no earlier test or run has used. */
    public static TaskClient newUser(Http http) {
        return new TaskClient(http, "u_" + UUID.randomUUID());
    }

    public String userId() {
        return userId;
    }

    public String token() {
        return token;
    }

    public String tasksPath() {
        return "api/" + userId + "/tasks";
    }

    public HttpRequest.Builder request(String path) {
        return http.request(path).header("Authorization", "Bearer " + token);
    }

    public HttpRequest.Builder request(java.net.URI absolute) {
        return http.request(absolute).header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return http.send(request);
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String json, String ifMatch) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    public HttpResponse<String> patchComplete(String path, String ifMatch) {
        HttpRequest.Builder request = request(path + "/complete").method("PATCH", HttpRequest.BodyPublishers.noBody());
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    /** Creates a task with this title under the own path; returns its JSON (fails the test unless 201). */
    public JsonObject create(String title) {
        HttpResponse<String> response = post(tasksPath(), "{\"title\":" + app.todo.identity.cli.TokenMinter.json(title) + "}");
        if (response.statusCode() != 201) {
            throw new AssertionError("create: " + response.statusCode() + " " + response.body());
        }
        return Http.json(response);
    }

    /**
     * Every task of this user, page by page ({@code limit=200}, then each {@code Link: <…>; rel="next"}); fails
     * unless every page is a 200.
     */
    public java.util.List<JsonObject> listAll() {
        java.util.List<JsonObject> tasks = new java.util.ArrayList<>();
        HttpResponse<String> page = get(tasksPath() + "?limit=200");
        while (true) {
            if (page.statusCode() != 200) {
                throw new AssertionError("list: " + page.statusCode() + " " + page.body());
            }
            Http.structure(page.body()).asJsonArray().forEach(task -> tasks.add(task.asJsonObject()));
            java.util.Optional<String> next = page.headers().allValues("Link").stream()
                    .filter(link -> link.contains("rel=\"next\"")).findFirst()
                    .map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>')));
            if (next.isEmpty()) {
                return tasks;
            }
            // The next page's path and query on this client's own base: behind a proxy the absolute URL names the
            // public host, which a test's loopback proxy is not.
            java.net.URI uri = java.net.URI.create(next.get());
            page = get(uri.getRawPath().substring(1) + "?" + uri.getRawQuery());
        }
    }

    public String taskPath(String id) {
        return tasksPath() + "/" + id;
    }
}
