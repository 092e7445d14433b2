package app.todo.platform;

import static app.todo.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

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
import app.todo.support.Tokens;
import app.todo.platform.http.OpenApiRoutesTest;

/** What operators and frontends rely on besides the API: health, metrics, OpenAPI, CORS, request ids. */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    /** The frontend origin the build configures (TODO_CORS_ORIGINS in pom.xml). */
    static final String FRONTEND = "http://localhost:3000";

    /** At the root context, as operators deploy it (--contextroot /): /openapi then passes the WAR's filters. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    private Http app;
    private Http server;

    @BeforeEach
    void clients() throws Exception {
        app = new Http(base.toURI());
        server = new Http(new URI(base.getProtocol(), null, base.getHost(), base.getPort(), "/", null, null));
    }

    @Test
    void readinessAndLivenessAreUpWithTheirChecks() {
        HttpResponse<String> ready = server.get("health/ready", null);
        assertEquals(200, ready.statusCode(), ready::body);
        JsonObject body = Http.json(ready);
        assertEquals("UP", body.getString("status"));
        Set<String> checks = new TreeSet<>();
        body.getJsonArray("checks").getValuesAs(JsonObject.class).forEach(c -> checks.add(c.getString("name")));
        assertTrue(checks.containsAll(Set.of("database", "token-verification")), checks::toString);
        assertEquals(200, server.get("health/live", null).statusCode());
    }

    @Test
    void metricsCountRefusedTokensByReasonAndAcceptedByAlgorithm() {
        long now = Tokens.now();
        for (int i = 0; i < 3; i++) {
            app.get("api/me", Tokens.forUser("u_m").claim("iat", now - 720).claim("exp", now - 120).sign());
            app.get("api/me", Tokens.forUser("u_m").secret("another-secret-of-at-least-thirty-two-bytes!").sign());
        }
        app.get("api/me", Tokens.forUser("u_m").sign());
        String metrics = server.get("metrics", null).body();
        assertTrue(count(metrics, "todo_tokens_refused_total", "reason=\"expired\"") >= 3, metrics);
        assertTrue(count(metrics, "todo_tokens_refused_total", "reason=\"signature\"") >= 3);
        assertTrue(count(metrics, "todo_tokens_accepted_total", "alg=\"HS256\"") >= 1);
        assertTrue(metrics.contains("todo_token_verification"));
        assertTrue(metrics.contains("todo_http_requests_total"));
        assertFalse(metrics.contains("u_m"), "no user id in a label");
    }

    @Test
    void requestsAreCountedByRouteTemplateNotByPath() {
        TaskClient user = TaskClient.newUser(app);
        user.create("counted");
        String metrics = server.get("metrics", null).body();
        assertTrue(metrics.contains("route=\"/api/{user_id}/tasks\""), metrics);
        assertFalse(metrics.contains(user.userId()), "no user id in a label");
    }

    @Test
    void databasePoolUseIsPublishedAndEveryConnectionIsGivenBack() {
        TaskClient user = TaskClient.newUser(app);
        user.create("pooled");
        user.get(user.tasksPath());
        String metrics = server.get("metrics", null).body();
        assertTrue(count(metrics, "todo_db_connection_wait_seconds_count", "") >= 2, metrics);
        assertTrue(metrics.contains("\ntodo_db_connections_in_use "), metrics);
        assertEquals(0, count(metrics, "todo_db_connections_in_use", ""), "no connection held after the answers");
        assertEquals(32, count(metrics, "todo_db_connections_max", ""));
        assertTrue(metrics.contains("\ntodo_db_connection_failures_total "), metrics);
    }

    @Test
    void metricsArePrometheusTextWithTheJvmsOwn() {
        HttpResponse<String> served = server.get("metrics", null);
        assertEquals(200, served.statusCode());
        assertEquals("text/plain", mediaType(served));
        assertTrue(served.headers().firstValue("Content-Type").orElse("").contains("version=0.0.4"));
        String metrics = served.body();
        assertTrue(count(metrics, "jvm_memory_used_bytes", "area=\"heap\"") > 0, metrics);
        assertTrue(count(metrics, "process_uptime_seconds", "") > 0, metrics);
        assertTrue(metrics.contains("\n# TYPE todo_http_request_duration_seconds summary"), metrics);
    }

    @Test
    void openApiIsServedAsValidJsonWithTheRoutesOfTheDocumentInTheWar() throws Exception {
        HttpResponse<String> served = server.send(server.request("openapi").header("Accept", "application/json"));
        assertEquals(200, served.statusCode());
        assertEquals("application/json", mediaType(served));
        OpenApiDocumentTest.validate(served.body());
        JsonObject doc = Http.json(served);
        assertEquals(OpenApiRoutesTest.routesOfDocument(), routes(doc));
        assertEquals(OpenApiRoutesTest.document().keySet(), withoutServers(doc.keySet()), "no field Payara adds but servers");
    }

    @Test
    void openApiIsServedAsValidYamlByDefault() {
        HttpResponse<String> served = server.get("openapi", null);
        assertEquals(200, served.statusCode());
        assertEquals("application/yaml", mediaType(served));
        assertTrue(served.body().startsWith("openapi: 3.0."), served::body);
        OpenApiDocumentTest.validate(served.body());
    }

    @Test
    void openApiFormatsCanBeAskedForByAcceptOrQuery() {
        assertEquals("application/yaml", mediaType(server.send(server.request("openapi").header("Accept", "application/yaml"))));
        assertEquals("application/json", mediaType(server.get("openapi?format=json", null)));
        assertEquals("application/yaml", mediaType(server.get("openapi?format=yaml", null)));
        assertEquals(406, server.send(server.request("openapi").header("Accept", "text/html")).statusCode());
    }

    private static String mediaType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*$", "").strip();
    }

    private static Set<String> withoutServers(Set<String> keys) {
        Set<String> rest = new TreeSet<>(keys);
        rest.remove("servers");
        return rest;
    }

    @Test
    void preflightFromTheFrontendIsAnsweredWithoutAToken() {
        HttpResponse<String> response = preflight("PUT", "authorization, if-match, content-type");
        assertEquals(204, response.statusCode());
        assertEquals(FRONTEND, response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String headers = response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase(Locale.ROOT);
        assertTrue(headers.contains("authorization") && headers.contains("if-match"), headers);
        assertTrue(response.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PATCH"));
    }

    @Test
    void preflightFromAForeignOriginGetsNoCorsHeaders() {
        HttpResponse<String> response = app.send(app.request("api/u_x/tasks")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET"));
        assertProblem(403, response);
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void responsesToTheFrontendExposeTheHeadersItReads() {
        TaskClient user = TaskClient.newUser(app);
        HttpResponse<String> created = user.send(user.request(user.tasksPath()).header("Origin", FRONTEND)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"title\":\"cors\"}")));
        assertEquals(201, created.statusCode());
        assertEquals(FRONTEND, created.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String exposed = created.headers().firstValue("Access-Control-Expose-Headers").orElse("");
        for (String header : new String[] {"ETag", "Location", "Link", "WWW-Authenticate"}) {
            assertTrue(exposed.contains(header), exposed);
        }
        // a 401 is readable by the frontend too, so it can tell an expired token from a network failure
        HttpResponse<String> refused = app.send(app.request("api/me").header("Origin", FRONTEND));
        assertEquals(401, refused.statusCode());
        assertEquals(FRONTEND, refused.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void everyApiAnswerVariesByOriginEvenWithoutOne() {
        TaskClient user = TaskClient.newUser(app);
        for (HttpResponse<String> response : List.of(user.get(user.tasksPath()), app.get("api/me", null),
                user.get(user.taskPath("nope")))) {
            assertEquals("Origin", response.headers().firstValue("Vary").orElse(null), () -> response.statusCode() + "");
        }
    }

    @Test
    void aPreflightAllowsIfNoneMatchAndTheFrontendReadsEveryHeaderItNeeds() {
        HttpResponse<String> preflight = preflight("GET", "authorization, if-none-match, x-request-id");
        assertEquals(204, preflight.statusCode());
        String allowed = preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase(Locale.ROOT);
        assertTrue(allowed.contains("if-none-match") && allowed.contains("x-request-id"), allowed);
        assertEquals("600", preflight.headers().firstValue("Access-Control-Max-Age").orElse(null));
        TaskClient user = TaskClient.newUser(app);
        HttpResponse<String> list = user.send(user.request(user.tasksPath()).header("Origin", FRONTEND).GET());
        String exposed = list.headers().firstValue("Access-Control-Expose-Headers").orElse("");
        for (String header : new String[] {"ETag", "Link", "Location", "Retry-After", "X-Request-Id"}) {
            assertTrue(exposed.contains(header), exposed);
        }
    }

    private HttpResponse<String> preflight(String method, String headers) {
        return app.send(app.request("api/u_x/tasks")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", FRONTEND)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers));
    }

    @Test
    void whatTheServiceSeesInATokenIsNeverStored() {
        HttpResponse<String> me = app.get("api/me", Tokens.forUser("u_cache").sign());
        assertEquals(200, me.statusCode());
        assertEquals("no-store", me.headers().firstValue("Cache-Control").orElse(null));
        HttpResponse<String> containerError = server.get("no-such-page", null);
        assertEquals(404, containerError.statusCode());
        assertEquals("no-store", containerError.headers().firstValue("Cache-Control").orElse(null),
                "a problem written by the container's error page");
    }

    @Test
    void aForeignOriginGetsNoCorsHeadersOnAnActualRequest() {
        HttpResponse<String> response = app.send(app.request("api/me")
                .header("Authorization", "Bearer " + Tokens.forUser("u_o").sign())
                .header("Origin", "https://evil.example"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void aSaneRequestIdIsEchoedAndAnyOtherReplaced() {
        HttpResponse<String> echoed = app.send(app.request("api/me").header("X-Request-Id", "trace-42.a:b"));
        assertEquals("trace-42.a:b", echoed.headers().firstValue("X-Request-Id").orElse(null));
        HttpResponse<String> replaced = app.send(app.request("api/me").header("X-Request-Id", "x".repeat(200)));
        String generated = replaced.headers().firstValue("X-Request-Id").orElse("");
        assertFalse(generated.isEmpty());
        assertNotEquals("x".repeat(200), generated);
        assertFalse(app.get("api/me", null).headers().firstValue("X-Request-Id").orElse("").isEmpty());
    }

    private static Set<String> routes(JsonObject doc) {
        Set<String> routes = new TreeSet<>();
        doc.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(m -> Set.of("get", "put", "post", "delete", "patch").contains(m))
                .forEach(m -> routes.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        return routes;
    }

    /** The value of the first sample of this metric whose labels contain the given one ("": any, or none). */
    private static double count(String metrics, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*" + Pattern.quote(label) + "[^}]*\\}"
                + (label.isEmpty() ? "|" : "") + ") ([0-9.E+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
