package app.todo.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx running the documented deployment's docker/nginx.conf, changed only where it cannot run here:
 * the upstream {@code server api:8080} line becomes one line per loopback port given (same parameters, without
 * Docker's {@code resolve}), no Docker DNS resolver, a loopback port of its own, its files in a folder of the
 * test's, the files the image mounts beside it (the CORS maps, the problem headers) rendered there. Skips the
 * calling test where nginx is not installed ({@code apt-get install nginx-light}).
 */
public final class Nginx implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** nginx in front of these upstream ports, listening once this returns (within 5 s). */
    public static Nginx start(Path work, List<Integer> upstreamPorts) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "nginx is not installed here");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String conf = Files.readString(Path.of("docker/nginx.conf"));
        Matcher server = Pattern.compile("(?m)^\\s*server api:8080([^;\n]*);[^\n]*\n").matcher(conf);
        assertTrue(server.find(), "docker/nginx.conf names its upstream `server api:8080`");
        String parameters = server.group(1).replace(" resolve", "");
        StringBuilder servers = new StringBuilder();
        for (int upstream : upstreamPorts) {
            servers.append("        server 127.0.0.1:").append(upstream).append(parameters).append(";\n");
        }
        conf = conf.substring(0, server.start()) + servers + conf.substring(server.end());
        conf = conf.replaceAll("(?m)^\\s*resolver [^\n]*\n", "").replace("zone todo_api 64k;", "")
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";")
                .replace("worker_processes auto;", "worker_processes 1;\npid " + work + "/nginx.pid;\nerror_log "
                        + work + "/error.log warn;")
                .replace("http {", "http {\n    access_log off;\n    client_body_temp_path " + work + "/body;\n"
                        + "    proxy_temp_path " + work + "/proxy;");
        // The files the image mounts beside nginx.conf (compose.yaml): the CORS maps rendered from their template as
        // the nginx image does (envsubst of TODO_CORS_ORIGINS), and the headers of nginx's own problem answers.
        Files.writeString(work.resolve("cors.conf"), Files.readString(Path.of("docker/nginx/cors.conf.template"))
                .replace("${TODO_CORS_ORIGINS}", "http://localhost:3000"));
        Files.copy(Path.of("docker/nginx/problem-headers.conf"), work.resolve("problem-headers.conf"));
        conf = conf.replace("/etc/nginx/conf.d/cors.conf", work.resolve("cors.conf").toString())
                .replace("/etc/nginx/problem-headers.conf", work.resolve("problem-headers.conf").toString());
        Path file = work.resolve("nginx.conf");
        Files.writeString(file, conf);
        Path out = work.resolve("nginx.out");
        Process process = new ProcessBuilder(BINARY.toString(), "-c", file.toString(), "-p", work.toString(), "-g",
                "daemon off;").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Nginx nginx = new Nginx(process, port);
        Await.awaitUntil(() -> {
            assertTrue(process.isAlive(), () -> "nginx exited: " + read(out));
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(5), "nginx listening on " + port);
        return nginx;
    }

    public int port() {
        return port;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
