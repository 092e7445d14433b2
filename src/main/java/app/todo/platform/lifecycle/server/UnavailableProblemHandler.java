package app.todo.platform.lifecycle.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * WildFly's HTTP host, in front of the WAR (server-config/wildfly/server.cli, filter {@code unavailable-problem}):
 * a 503 that the server ends without a body becomes the drain's 503 problem+json ({@code DrainFilter}: the same
 * body, {@code Retry-After: 1}, {@code Connection: close}). Those 503s are the server's own while it stops: its
 * request controller refusing new requests once suspended (SIGTERM), and the host answering for a context that is
 * no longer deployed (default-response-code 503), in the ~0.3 s before the port closes; Undertow would otherwise
 * send its HTML page ({@code SimpleErrorPageHandler}). An answer with a body, or any other status, passes untouched.
 *
 * <p>Undertow's public handler API (an {@code HttpHandler} with a default-response listener, as its own
 * {@code FileErrorPageHandler}); WildFly has no built-in filter that sets a header only on such an answer. Loaded by
 * the server from the module {@code app.todo.undertow} (target/lib/todo-undertow.jar), not part of the WAR.
 */
public final class UnavailableProblemHandler implements HttpHandler {

    /** DrainFilter's refusal, byte for byte (app.todo.platform.problem.Problem with DrainFilter.DETAIL). */
    public static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"detail\":\"The service is restarting; try again shortly.\"}";
    private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    private final HttpHandler next;

    /** The constructor WildFly's custom-filter calls with the rest of the host's chain. */
    public UnavailableProblemHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addDefaultResponseListener(UnavailableProblemHandler::answer);
        next.handleRequest(exchange);
    }

    /** Runs when the exchange ends with nothing sent: the 503 gets the problem body; false leaves others alone. */
    static boolean answer(HttpServerExchange exchange) {
        if (exchange.getStatusCode() != StatusCodes.SERVICE_UNAVAILABLE || !exchange.isResponseChannelAvailable()) {
            return false;
        }
        exchange.setPersistent(false);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, "application/problem+json")
                .put(Headers.RETRY_AFTER, "1")
                .put(Headers.CACHE_CONTROL, "no-store")
                .put(Headers.CONTENT_LENGTH, BYTES.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(BYTES));
        return true;
    }
}
