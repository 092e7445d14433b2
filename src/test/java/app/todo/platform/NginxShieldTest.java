package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Nginx;

/**
 * The shield of the documented deployment (docker/nginx.conf) for what Payara answers before the application
 * (issue 21): a path with an undecodable escape, HTTP/2 frames, a slow body. nginx runs with the shipped file (only
 * the upstream address, port, and file paths changed); behind it a plain JDK HTTP server records what reaches the
 * service, since the question is only what nginx lets through. Runs where Debian's nginx is installed
 * ({@code apt-get install nginx-light}), skipped elsewhere; each wait bounded.
 */
class NginxShieldTest {

    @TempDir
    Path work;

    private HttpServer upstream;
    private final List<String> reached = new CopyOnWriteArrayList<>();
    private Nginx nginx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Nginx.BINARY), "nginx is not installed here");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            reached.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                    + exchange.getRequestHeaders().keySet() + " " + body.length);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
        nginx = Nginx.start(work, List.of(upstream.getAddress().getPort()));
        port = nginx.port();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private String exchange(String request, int waitMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(waitMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anUndecodableEscapeIsAProblemFromNginxAndNeverReachesTheService() throws IOException {
        for (String path : List.of("/%%3", "/api/me%%3", "/api/%zz")) {
            String answer = exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 5_000);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("application/problem+json") && answer.contains("\"detail\""), answer);
        }
        assertEquals(List.of(), reached);
    }

    @Test
    void noHttp2ReachesTheService() throws IOException {
        try {
            String preface = exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 2_000);
            assertTrue(preface.isEmpty() || preface.startsWith("HTTP/1.1 4"), preface);
        } catch (java.net.SocketTimeoutException e) {
            // nginx waits for a request it can read: the preface is not HTTP/2 to it
        }
        assertEquals(List.of(), reached, "the HTTP/2 preface reached the service");
        String upgrade = exchange("GET /api/me HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n", 5_000);
        assertTrue(upgrade.startsWith("HTTP/1.1 204"), upgrade);
        assertEquals(1, reached.size(), reached::toString);
        assertTrue(!reached.get(0).contains("Upgrade") && !reached.get(0).contains("Http2-settings"), reached::toString);
    }

    @Test
    void aSlowBodyReachesTheServiceOnlyWhenComplete() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /api/u/tasks HTTP/1.1\r\nHost: localhost\r\nContent-Length: 20\r\n"
                    + "Connection: close\r\n\r\n0123456789").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            Thread.sleep(1_000);   // what the service would see of a slow upload meanwhile: nothing
            assertEquals(List.of(), reached);
            socket.getOutputStream().write("0123456789".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 204"), answer);
        }
        assertEquals(1, reached.size());
        assertTrue(reached.get(0).endsWith(" 20"), reached::toString);
    }
}
