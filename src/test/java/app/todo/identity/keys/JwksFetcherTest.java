package app.todo.identity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.todo.support.JwksServer;

/** The HTTP side of the JWKS against a JDK HttpServer: limits, timeouts, schemes. */
class JwksFetcherTest {

    private HttpServer server;
    /** Holds the answers of /slow until the test ends. */
    private final CountDownLatch stalled = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        reply("/ok", 200, "{\"keys\":[]}", false);
        reply("/missing", 404, "not found", false);
        reply("/redirect", 302, "", false);
        reply("/huge", 200, "x".repeat(JwksFetcher.MAX_BYTES + 1), false);
        reply("/slow", 200, "{\"keys\":[]}", true);
        server.createContext("/chunked-huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[1024]);
                }
            } catch (IOException e) {
                // the client hung up: expected
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        stalled.countDown();
        server.stop(0);
    }

    @Test
    void fetchesTheBody() throws IOException {
        assertEquals("{\"keys\":[]}", fetcher("/ok").fetch());
    }

    @Test
    void onlyA200Counts() {
        IOException e = assertThrows(IOException.class, () -> fetcher("/missing").fetch());
        assertEquals("HTTP status 404", e.getMessage());
        assertEquals("HTTP status 302", assertThrows(IOException.class, () -> fetcher("/redirect").fetch()).getMessage(),
                "redirects are not followed");
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        assertEquals("JWKS larger than 65536 bytes", assertThrows(IOException.class, () -> fetcher("/huge").fetch()).getMessage());
        assertEquals("JWKS larger than 65536 bytes", assertThrows(IOException.class, () -> fetcher("/chunked-huge").fetch()).getMessage());
    }

    @Test
    void aSlowServerCostsAtMostTheTimeouts() {
        JwksFetcher fetcher = new JwksFetcher(uri("/slow"), Duration.ofMillis(500), Duration.ofMillis(500));
        long start = System.nanoTime();
        assertThrows(IOException.class, fetcher::fetch);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 10_000, "answered after " + millis + " ms");
    }

    @Test
    void nobodyListening() throws IOException {
        JwksFetcher fetcher = new JwksFetcher(URI.create(JwksServer.url(JwksServer.freePort())), Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertEquals("connection refused or unreachable", assertThrows(IOException.class, fetcher::fetch).getMessage());
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHost() {
        assertEquals(URI.create("https://auth.example.com/api/auth/jwks"),
                JwksFetcher.checkedUri("TODO_JWKS_URL", " https://auth.example.com/api/auth/jwks "));
        JwksFetcher.checkedUri("TODO_JWKS_URL", "http://127.0.0.1:3000/api/auth/jwks");
        for (String bad : new String[] {"file:///etc/passwd", "ftp://auth.example.com/jwks", "jar:file:/x!/y",
                "/api/auth/jwks", "https:///api/auth/jwks", "https://user:pw@auth.example.com/jwks", "not a url"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JwksFetcher.checkedUri("TODO_JWKS_URL", bad), bad);
            assertTrue(e.getMessage().startsWith("TODO_JWKS_URL "), e.getMessage());
        }
    }

    @Test
    void describesTheSourceWithoutQuery() {
        assertEquals("https://auth.example.com/api/auth/jwks",
                new JwksFetcher(URI.create("https://auth.example.com/api/auth/jwks?token=x"), Duration.ofSeconds(1), Duration.ofSeconds(1)).describe());
    }

    private JwksFetcher fetcher(String path) {
        return new JwksFetcher(uri(path), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers {@code path} with this status and body; when {@code stall}, only once the test has ended. */
    private void reply(String path, int status, String body, boolean stall) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (stall) {
                    stalled.await();
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client hung up: expected for the limits
            }
        });
    }
}
