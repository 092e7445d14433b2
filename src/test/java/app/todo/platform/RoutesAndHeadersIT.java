package app.todo.platform;

import static app.todo.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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
import app.todo.support.OperatorProcess;
import app.todo.support.RawHttp;
import app.todo.support.TaskClient;
import app.todo.support.Tokens;
import app.todo.platform.http.SingletonHeaderFilter;

/**
 * Only the contract's routes exist (nothing the JAX-RS runtime adds by itself: WADL, automatic
 * OPTIONS), and a singleton header sent twice, or holding a list, is a 400 problem (RFC 9112 §3.2,
 * RFC 6750 §3.1). Duplicated headers go over a raw socket: HttpClient will not send them.
 */
@ExtendWith(ArquillianExtension.class)
class RoutesAndHeadersIT {

    private static final String FRONTEND = OperationsIT.FRONTEND;
    private static final String TASK = "{\"title\":\"raw\"}";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    private Http app;
    private RawHttp raw;
    private TaskClient user;

    @BeforeEach
    void clients() throws Exception {
        app = new Http(base.toURI());
        raw = new RawHttp(base.toURI());
        user = TaskClient.newUser(app);
    }

    // ---- routes: only those of API.md

    @Test
    void wadlIsNotServed() {
        assertProblem(404, user.get("api/application.wadl"));
    }

    @Test
    void wadlWithoutATokenIsUnauthorized() {
        assertProblem(401, app.get("api/application.wadl", null));
    }

    @Test
    void optionsOnARouteIsMethodNotAllowedAndAllowsNoOptions() {
        HttpResponse<String> response = user.send(user.request("api/me")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertProblem(405, response);
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void optionsAskingForWadlGetsNoWadl() {
        HttpResponse<String> response = user.send(user.request(user.taskPath("x")).header("Accept", "application/vnd.sun.wadl+xml")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertProblem(405, response);
        assertEquals(List.of("DELETE", "GET", "HEAD", "PUT"), sortedAllow(response));
    }

    @Test
    void optionsOnAnUnknownRouteIsNotFound() {
        assertProblem(404, user.send(user.request("api/no-such-route").method("OPTIONS", HttpRequest.BodyPublishers.noBody())));
    }

    @Test
    void optionsWithoutATokenIsUnauthorized() {
        assertProblem(401, app.send(app.request("api/me").method("OPTIONS", HttpRequest.BodyPublishers.noBody())));
    }

    @Test
    void anotherWrongMethodAllowsHeadAndNotOptions() {
        HttpResponse<String> response = user.send(user.request(user.tasksPath()).DELETE());
        assertProblem(405, response);
        assertEquals(List.of("GET", "HEAD", "POST"), sortedAllow(response));
    }

    @Test
    void headOnAGetRouteAnswersLikeGetWithoutABody() {
        JsonObject task = user.create("head");
        HttpResponse<String> get = user.get(user.taskPath(task.getString("id")));
        HttpResponse<String> head = user.send(user.request(user.taskPath(task.getString("id")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(get.headers().firstValue("ETag"), head.headers().firstValue("ETag"));
        assertEquals("", head.body());
    }

    @Test
    void headWithoutATokenIsUnauthorized() {
        HttpResponse<String> head = app.send(app.request(user.tasksPath()).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, head.statusCode());
        assertTrue(head.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void headOnAnotherTenantIsForbidden() {
        TaskClient other = TaskClient.newUser(app);
        assertEquals(403, user.send(user.request(other.tasksPath()).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode());
    }

    // ---- singleton headers

    @Test
    void aRawRequestWithEachHeaderOnceIsServed() {
        HttpResponse<String> created = post(List.of(raw.host(), bearer(), json(), length(TASK)));
        assertEquals(201, created.statusCode(), created::body);
        assertTrue(created.headers().firstValue("Location").orElse("").contains(base.getHost()));
    }

    @Test
    void twoHostHeadersAreRefused() {
        HttpResponse<String> response = post(List.of("Host: a.example", "Host: b.example", bearer(), json(), length(TASK)));
        assertRefusedByTheServerOrTheApi("Host", response);
        assertFalse(response.headers().firstValue("Location").isPresent());
        assertEquals(0, Http.structure(user.get(user.tasksPath()).body()).asJsonArray().size(), "nothing created");
    }

    @Test
    void aHostHoldingAListIsRefused() {
        assertRefusedByTheServerOrTheApi("Host", post(List.of("Host: a.example, b.example", bearer(), json(), length(TASK))));
    }

    @Test
    void twoHostHeadersAreRefusedOutsideApiToo() {
        assertRefusedByTheServerOrTheApi("Host",
                raw.send("GET", path("health/live"), List.of("Host: a.example", "Host: b.example"), null));
    }

    @Test
    void twoAuthorizationHeadersAreAnInvalidRequest() {
        HttpResponse<String> response = raw.send("GET", path("api/me"), List.of(raw.host(), bearer(), bearer()), null);
        assertRefused("Authorization", response);
        assertEquals("Bearer realm=\"todo-api\", error=\"invalid_request\"",
                response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void anAuthorizationHoldingTwoCredentialsIsAnInvalidRequest() {
        HttpResponse<String> response = raw.send("GET", path("api/me"),
                List.of(raw.host(), "Authorization: Bearer " + user.token() + ", Bearer " + user.token()), null);
        assertRefused("Authorization", response);
        assertEquals("Bearer realm=\"todo-api\", error=\"invalid_request\"",
                response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void aRepeatedAuthorizationIsNeitherVerifiedNorAnsweredByItsToken() {
        String expired = "Authorization: Bearer " + Tokens.forUser(user.userId())
                .claim("iat", Tokens.now() - 720).claim("exp", Tokens.now() - 120).sign();
        double expiredBefore = metric("todo_tokens_refused_total", "reason=\"expired\"");
        double refusedBefore = metric("todo_http_refused_headers_total", "header=\"Authorization\"");
        HttpResponse<String> response = raw.send("GET", path("api/me"), List.of(raw.host(), expired, expired), null);
        assertRefused("Authorization", response);
        assertFalse(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(expiredBefore, metric("todo_tokens_refused_total", "reason=\"expired\""));
        assertEquals(refusedBefore + 1, metric("todo_http_refused_headers_total", "header=\"Authorization\""));
    }

    @Test
    void twoEqualContentLengthHeadersAreRefused() {
        assertRefusedByTheServerOrTheApi("Content-Length",
                post(List.of(raw.host(), bearer(), json(), length(TASK), length(TASK))));
    }

    @Test
    void twoDifferentContentLengthHeadersAreRefusedByTheListenerWithoutHtml() {
        HttpResponse<String> response = post(List.of(raw.host(), bearer(), json(), length(TASK), "Content-Length: 3"));
        assertEquals(400, response.statusCode());
        assertFalse(response.body().toLowerCase(java.util.Locale.ROOT).contains("<html"), response::body);
    }

    @Test
    void aContentLengthHoldingAListIsRefusedWithoutHtml() {
        HttpResponse<String> response = post(List.of(raw.host(), bearer(), json(),
                "Content-Length: " + TASK.length() + ", " + TASK.length()));
        assertEquals(400, response.statusCode());
        assertFalse(response.body().toLowerCase(java.util.Locale.ROOT).contains("<html"), response::body);
    }

    @Test
    void twoContentTypeHeadersAreRefused() {
        assertRefused("Content-Type", post(List.of(raw.host(), bearer(), json(), json(), length(TASK))));
    }

    @Test
    void aContentTypeHoldingAListIsRefused() {
        assertRefused("Content-Type", post(List.of(raw.host(), bearer(),
                "Content-Type: application/json, text/plain", length(TASK))));
    }

    @Test
    void aRefusalCarriesTheRequestIdAndCorsHeaders() {
        HttpResponse<String> response = raw.send("GET", path("api/me"),
                List.of(raw.host(), "Origin: " + FRONTEND, "X-Request-Id: dup-1", bearer(), bearer()), null);
        assertRefused("Authorization", response);
        assertEquals("dup-1", response.headers().firstValue("X-Request-Id").orElse(""));
        assertEquals(FRONTEND, response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(response.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("WWW-Authenticate"));
    }

    @Test
    void aPreflightWithTwoHostHeadersIsRefusedNotAnswered() {
        HttpResponse<String> response = raw.send("OPTIONS", path("api/me"), List.of("Host: a.example", "Host: b.example",
                "Origin: " + FRONTEND, "Access-Control-Request-Method: GET"), null);
        assertRefusedByTheServerOrTheApi("Host", response);
        assertFalse(response.headers().firstValue("Access-Control-Allow-Methods").isPresent());
    }

    /**
     * WildFly: a path with an undecodable escape is Undertow's own empty 400, written before any handler or error page
     * (docs/architecture.md, HTTP listener); never a 5xx or a hang. Payara answers it with an empty 200
     * (payara/Payara#8000, open), so this runs on WildFly only.
     */
    @Test
    void anUndecodableEscapeIsA400OnWildFly() throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(OperatorProcess.Server.current() == OperatorProcess.Server.WILDFLY);
        for (String bad : List.of("%%3", "api/me%%3")) {
            // not raw.send: it makes a java.net.URI of the path, which refuses the escape itself
            try (java.net.Socket socket = raw.open("GET", path(bad), List.of(raw.host(), bearer(), "Connection: close"), 0)) {
                String head = RawHttp.finalHead(socket, 5_000);
                assertTrue(head.startsWith("HTTP/1.1 400"), bad + ": " + head);
            }
        }
    }

    @Test
    void ifMatchOnTwoLinesIsOneListOfTags() {
        JsonObject task = user.create("listed");
        HttpResponse<String> response = raw.send("PATCH", path(user.taskPath(task.getString("id")) + "/complete"),
                List.of(raw.host(), bearer(), "If-Match: \"7\"", "If-Match: \"1\""), null);
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("\"2\"", response.headers().firstValue("ETag").orElse(""));
    }

    // ---- helpers

    private HttpResponse<String> post(List<String> headers) {
        return raw.send("POST", path(user.tasksPath()), headers, TASK);
    }

    private String path(String relative) {
        return base.getPath() + relative;
    }

    private String bearer() {
        return "Authorization: Bearer " + user.token();
    }

    private static String json() {
        return "Content-Type: application/json";
    }

    private static String length(String body) {
        return "Content-Length: " + body.length();
    }

    /** 400 problem+json whose detail is the rule's text for this header (repeated, or holding a list). */
    private static void assertRefused(String header, HttpResponse<String> response) {
        JsonObject problem = assertProblem(400, response);
        String detail = problem.getString("detail");
        assertTrue(detail.equals(new SingletonHeaderFilter.Violation(header, 2).detail())
                || detail.equals(new SingletonHeaderFilter.Violation(header, 1).detail()), detail);
        assertEquals("close", response.headers().firstValue("Connection").orElse(""));
    }

    /**
     * A Host sent twice or holding a list, or a Content-Length sent twice. Payara passes such a request on and the
     * application answers it ({@link #assertRefused}); WildFly's Undertow refuses it itself before any application
     * (its HostHeaderHandler and request parser, not configurable): the same 400 and {@code Connection: close}, with
     * an empty body instead of problem+json (docs/deployment.md, "What differs between the servers").
     */
    private static void assertRefusedByTheServerOrTheApi(String header, HttpResponse<String> response) {
        if (OperatorProcess.Server.current() == OperatorProcess.Server.WILDFLY) {
            assertEquals(400, response.statusCode(), response::body);
            assertEquals("", response.body());
            assertEquals("close", response.headers().firstValue("Connection").orElse(""));
        } else {
            assertRefused(header, response);
        }
    }

    private static List<String> sortedAllow(HttpResponse<String> response) {
        List<String> methods = new ArrayList<>();
        for (String m : response.headers().firstValue("Allow").orElse("").split(",")) {
            methods.add(m.strip());
        }
        methods.sort(null);
        return methods;
    }

    private double metric(String name, String label) {
        String metrics = app.get("metrics", null).body(); // the WAR's own /metrics, in its context
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*\\} ([0-9.E]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
