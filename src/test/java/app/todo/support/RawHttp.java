package app.todo.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SSLSession;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} will not send: the same
 * header twice (Host, Content-Length), exactly as written. Every request carries
 * {@code Connection: close}; the answer is read to the end of the connection.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 30_000;

    private final URI base;

    /** @param base the deployment's base URL (http only) */
    public RawHttp(URI base) {
        this.base = base;
    }

    /** {@code Host: host:port} of the deployment. */
    public String host() {
        return "Host: " + base.getHost() + ":" + base.getPort();
    }

    /**
     * Sends {@code method path HTTP/1.1}, the header lines as given (no Host is added), Connection:
     * close, and the body (no Content-Length is added either).
     */
    public HttpResponse<String> send(String method, String path, List<String> headerLines, String body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            return parse(method, base.resolve(path), socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a connection and sends {@code method path HTTP/1.1} with these header lines (nothing added) and the
     * first {@code bodyBytes} bytes of a body, without ending it: for clients that are slow, or never finish.
     */
    public Socket open(String method, String path, List<String> headerLines, int bodyBytes) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        head.append("\r\n").append("x".repeat(bodyBytes));
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    /**
     * The head of the first final answer (status line and header lines; interim 1xx answers skipped) read from a
     * connection within {@code timeoutMillis}, e.g. {@code "HTTP/1.1 401 Unauthorized\r\n..."}.
     *
     * @throws java.net.SocketTimeoutException when none came in time
     */
    public static String finalHead(Socket socket, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        InputStream in = socket.getInputStream();
        while (true) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                socket.setSoTimeout(left);
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed before an answer: " + head);
                }
                head.write(c);
                matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 1")) {
                return text;
            }
        }
    }

    private static HttpResponse<String> parse(String method, URI uri, byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length); // ISO-8859-1: one char per byte
        boolean chunked = headers.getOrDefault("Transfer-Encoding", List.of()).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
        String body = new String(chunked ? dechunk(rest) : rest, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return new Answer(status, HttpHeaders.of(headers, (k, v) -> true), body, request);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(chunked);
        try {
            while (true) {
                StringBuilder size = new StringBuilder();
                for (int c = in.read(); c != '\n'; c = in.read()) {
                    if (c < 0) {
                        return out.toByteArray();
                    }
                    if (c != '\r') {
                        size.append((char) c);
                    }
                }
                int n = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
                if (n == 0) {
                    return out.toByteArray();
                }
                out.write(in.readNBytes(n));
                in.readNBytes(2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int statusCode, HttpHeaders headers, String body, HttpRequest request)
            implements HttpResponse<String> {

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
