package app.todo.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import app.todo.platform.lifecycle.server.UnavailableProblemHandler;
import app.todo.platform.problem.Problem;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * WildFly's stop answer (server-config/wildfly/server.cli, filter unavailable-problem) on a real Undertow: a 503
 * the server ends without a body (its request controller while suspended, the host for a context no longer
 * deployed) becomes the drain's 503 problem+json; an answer with a body, or another status, is left as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnavailableProblemHandlerTest {

    private Undertow server;
    private URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(new UnavailableProblemHandler(Handlers.path(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND))
                        .addExactPath("/suspended", exchange -> exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE))
                        .addExactPath("/own", exchange -> {
                            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                            exchange.getResponseSender().send("busy");
                        })))
                .build();
        server.start();
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        base = URI.create("http://127.0.0.1:" + address.getPort());
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodiless503IsTheDrainsProblem() throws Exception {
        HttpResponse<String> response = get("/suspended");
        assertEquals(503, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(new Problem(503, DrainFilter.DETAIL).toJson(), response.body());
        assertEquals(UnavailableProblemHandler.BODY, response.body());
    }

    @Test
    void a503WithABodyIsLeftAlone() throws Exception {
        HttpResponse<String> response = get("/own");
        assertEquals(503, response.statusCode());
        assertEquals("busy", response.body());
        assertTrue(response.headers().firstValue("Retry-After").isEmpty());
    }

    @Test
    void anotherBodilessStatusIsLeftAlone() throws Exception {
        HttpResponse<String> response = get("/elsewhere");
        assertEquals(404, response.statusCode());
        assertEquals("", response.body());
        assertTrue(response.headers().firstValue("Content-Type").isEmpty());
    }
}
