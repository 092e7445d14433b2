package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.todo.support.Deployments;
import app.todo.support.Tokens;

/**
 * Every status of the contract arrives with its RFC 9110 reason phrase on the HTTP/1.1 status line, but for 413 and
 * 422: their phrase is the server's own (Servlet 6 has no way to set one; Payara's Grizzly says
 * {@code Request Entity Too Large} and {@code CUSTOM}), which RFC 9110 §15 lets clients ignore (docs/architecture.md,
 * "Status lines"). Read over a raw socket: java.net.http does not show the reason phrase.
 */
@ExtendWith(ArquillianExtension.class)
class StatusLinesIT {

    /** RFC 9110 §15, for every status docs/api.md names. */
    static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(204, "No Content"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(412, "Precondition Failed"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    private final String user = "u_status_" + System.nanoTime();
    private final String auth = "Authorization: Bearer " + Tokens.forUser(user).sign() + "\r\n";
    private final String json = "Content-Type: application/json\r\n";

    @Test
    void success() throws IOException {
        assertStatusLine(200, send("GET", "api/me", auth, null));
        Answer created = send("POST", tasks(), auth + json, "{\"title\":\"status lines\"}");
        assertStatusLine(201, created);
        assertStatusLine(204, send("DELETE", created.location(), auth, null));
    }

    @Test
    void malformedJsonIs400() throws IOException {
        assertStatusLine(400, send("POST", tasks(), auth + json, "{\"title\":"));
    }

    @Test
    void noTokenIs401() throws IOException {
        assertStatusLine(401, send("GET", "api/me", "", null));
    }

    @Test
    void anotherTenantIs403() throws IOException {
        assertStatusLine(403, send("GET", "api/someone-else/tasks", auth, null));
    }

    @Test
    void noSuchTaskIs404() throws IOException {
        assertStatusLine(404, send("GET", tasks() + "/00000000-0000-0000-0000-000000000000", auth, null));
    }

    @Test
    void wrongMethodIs405() throws IOException {
        assertStatusLine(405, send("DELETE", tasks(), auth, null));
    }

    @Test
    void unacceptableAcceptIs406() throws IOException {
        assertStatusLine(406, send("GET", tasks(), auth + "Accept: text/html\r\n", null));
    }

    @Test
    void staleIfMatchIs412() throws IOException {
        Answer created = send("POST", tasks(), auth + json, "{\"title\":\"stale\"}");
        assertStatusLine(412, send("PUT", created.location(), auth + json + "If-Match: \"99\"\r\n", "{\"title\":\"x\"}"));
    }

    @Test
    void aTooLargeBodyIs413() throws IOException {
        assertStatusLine(413, send("POST", tasks(), auth + json, "{\"title\":\"" + "x".repeat(70_000) + "\"}"));
    }

    @Test
    void aWrongContentTypeIs415() throws IOException {
        assertStatusLine(415, send("POST", tasks(), auth + "Content-Type: text/plain\r\n", "title"));
    }

    @Test
    void aBodyThatBreaksARuleIs422() throws IOException {
        assertStatusLine(422, send("POST", tasks(), auth + json, "{\"title\":\"  \"}"));
    }

    @Test
    void aBugIs500() throws IOException {
        assertStatusLine(500, send("GET", "api/test/fail/bug", auth, null));
    }

    @Test
    void anUnreachableDatabaseIs503() throws IOException {
        assertStatusLine(503, send("GET", "api/test/fail/database", auth, null));
    }

    private String tasks() {
        return "api/" + user + "/tasks";
    }

    private static void assertStatusLine(int status, Answer answer) {
        if (!PHRASES.containsKey(status)) { // the server's own phrase: the code only
            assertEquals("HTTP/1.1 " + status + " ", answer.statusLine().substring(0, 13), answer::head);
            return;
        }
        assertEquals("HTTP/1.1 " + status + " " + PHRASES.get(status), answer.statusLine(), answer::head);
    }

    record Answer(String head) {
        String statusLine() {
            return head.lines().findFirst().orElse("");
        }

        /** The path of the Location header. */
        String location() {
            return head.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst()
                    .map(l -> java.net.URI.create(l.substring(9).strip()).getPath())
                    .orElseThrow(() -> new AssertionError("no Location in\n" + head));
        }
    }

    /** One HTTP/1.1 request on its own connection (path relative to the deployment, or absolute). */
    private Answer send(String method, String path, String headers, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String request = method + " " + new URL(base, path).getPath() + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Connection: close\r\n" + headers
                + (body == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                String text = head.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return new Answer(text);
                }
            }
            return new Answer(head.toString(StandardCharsets.ISO_8859_1));
        }
    }
}
