package app.todo.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Better Auth JWKS endpoint in the test JVM (JDK HttpServer on 127.0.0.1): serves the public keys
 * it is given at {@code /api/auth/jwks} like Better Auth (no cache headers), counts requests, and can
 * be made to fail or to stall.
 */
public final class JwksServer implements AutoCloseable {

    public static final String PATH = "/api/auth/jwks";

    public enum Mode {
        /** 200 with the published keys. */
        UP,
        /** 503, as a crashed auth server behind a proxy. */
        DOWN,
        /** Answers only once the mode changes or the server closes: longer than any timeout of the service. */
        SLOW
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-jwks-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String body = "{\"keys\":[]}";
    private volatile Mode mode = Mode.UP;
    /** Holds the answers of SLOW until the mode changes or the server closes. */
    private volatile CountDownLatch stalled = new CountDownLatch(1);

    private JwksServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext(PATH, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on this port; 0 for any free one. */
    public static JwksServer start(int port) throws IOException {
        return new JwksServer(port);
    }

    /** A port nothing listens on (for now). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port + PATH;
    }

    public String url() {
        return url(server.getAddress().getPort());
    }

    public URI uri() {
        return URI.create(url());
    }

    public JwksServer publish(List<SigningKey> keys) {
        return publishRaw(SigningKey.jwks(keys));
    }

    public JwksServer publishRaw(String json) {
        this.body = json;
        return this;
    }

    public synchronized JwksServer mode(Mode newMode) {
        if (newMode == Mode.SLOW && mode != Mode.SLOW) {
            stalled = new CountDownLatch(1);
        }
        mode = newMode;
        if (newMode != Mode.SLOW) {
            stalled.countDown();
        }
        return this;
    }

    /** How many JWKS requests arrived so far. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Mode now = mode;
            if (now == Mode.SLOW) {
                try {
                    stalled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                now = mode;
            }
            byte[] bytes = (now == Mode.DOWN ? "{\"error\":\"down\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(now == Mode.DOWN ? 503 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        stalled.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
