package app.todo.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The answers of the bearer mechanism, written straight to the servlet response so that no
 * container error page replaces them: RFC 6750 challenge plus a problem+json body whose detail is
 * the same for every reason.
 */
final class UnauthorizedResponse {

    static final String REALM = "todo-api";
    static final String DETAIL = "A valid bearer token is required to access this resource.";

    private static final byte[] UNAUTHORIZED = problem(401, "Unauthorized", DETAIL);
    private static final byte[] NOT_CONFIGURED = problem(503, "Service Unavailable",
            "The service is not configured to verify tokens; see its log.");

    private static final long MAX_DRAINED_BYTES = 1024 * 1024;

    private UnauthorizedResponse() {
    }

    /** 401 with {@code WWW-Authenticate}; {@code error="invalid_token"} only when a token was sent (RFC 6750 §3.1). */
    static void write(HttpServletRequest request, HttpServletResponse response, boolean tokenSent) {
        drainBody(request);
        String challenge = "Bearer realm=\"" + REALM + "\"" + (tokenSent ? ", error=\"invalid_token\"" : "");
        response.setHeader("WWW-Authenticate", challenge);
        send(response, 401, UNAUTHORIZED);
    }

    static void notConfigured(HttpServletRequest request, HttpServletResponse response) {
        drainBody(request);
        response.setHeader("Retry-After", "60");
        send(response, 503, NOT_CONFIGURED);
    }

    /**
     * Reads and drops a body (up to 1 MiB) the answer does not need: over HTTP/2 a client still sending
     * would otherwise wait for flow-control credit instead of reading the answer (seen with the JDK client).
     */
    private static void drainBody(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (declared <= 0 && !chunked || declared > MAX_DRAINED_BYTES) {
            return;
        }
        try {
            InputStream body = request.getInputStream();
            byte[] sink = new byte[8192];
            long total = 0;
            int n;
            while (total < MAX_DRAINED_BYTES && (n = body.read(sink)) > 0) {
                total += n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the body was already taken: nothing to drain
        }
    }

    private static void send(HttpServletResponse response, int status, byte[] body) {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] problem(int status, String title, String detail) {
        return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
