package app.todo.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.todo.platform.problem.Problem;
import app.todo.platform.problem.ProblemException;

/**
 * The body limits of /api. As a filter (web.xml, after the media-type rule): a declared body over 64 KiB
 * ({@link #MAX_BYTES}) is a 413, a {@code Content-Length} that is not a number (RFC 9110 §8.6: {@code 1*DIGIT}) a 400,
 * both from the header alone, before authentication and before a byte of the body is read ({@link #refuseUnread}).
 * A body of unknown size (chunked) is bounded as {@link AdmissionFilter} reads it ({@link #read}), after
 * authentication: over {@link #MAX_BYTES} a 413 (the rest unread); unfinished {@link #MAX_READ_TIME} after its first
 * read a 408 (RFC 9110 §15.5.9; a read that gets no byte at all is bounded by the listener's idle timeout, 5 s); a
 * connection cut mid-body a 400.
 */
public class BodyLimitFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    public static final int MAX_BYTES = 64 * 1024;
    /** Most of a refused HTTP/2 body read and dropped ({@link #refuseUnread}). */
    static final long MAX_DRAINED_BYTES = 1024 * 1024;
    /** Longest time from the first read of a body to its end. */
    public static final Duration MAX_READ_TIME = Duration.ofSeconds(5);
    /** Longest time spent dropping a refused HTTP/2 body. */
    static final Duration MAX_DRAIN_TIME = Duration.ofSeconds(1);

    private static final Problem.Fixed NOT_A_NUMBER = new Problem(400, "Content-Length is not a number.").fixed();
    private static final Problem.Fixed TOO_LARGE = tooLarge().problem().fixed();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            chain.doFilter(request, response);
            return;
        }
        long declared = declared(length.strip());
        if (declared < 0 || declared > MAX_BYTES) {
            refuseUnread(request, response);
            (declared < 0 ? NOT_A_NUMBER : TOO_LARGE).writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The declared length; -1 when it is not 1 to 19 ASCII digits; {@code Long.MAX_VALUE} for a longer number. */
    static long declared(String length) {
        if (length.isEmpty() || length.chars().anyMatch(c -> c < '0' || c > '9')) {
            return -1;
        }
        return length.length() > 18 ? Long.MAX_VALUE : Long.parseLong(length);
    }


    /**
     * The whole body, at most {@link #MAX_BYTES}.
     *
     * @throws ProblemException 413 too large, 408 too slow, 400 cut off
     */
    public static byte[] read(InputStream body) {
        long deadline = System.nanoTime() + MAX_READ_TIME.toNanos();
        byte[] buffer = new byte[8192];
        int length = 0;
        try {
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_BYTES + 1));
                }
                int n = readArrived(body, buffer, length, buffer.length - length);
                if (n < 0) {
                    return Arrays.copyOf(buffer, length);
                }
                length += n;
                if (length > MAX_BYTES) {
                    throw tooLarge();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw tooSlow();
                }
            }
        } catch (IOException e) {
            if (timedOut(e)) {
                throw tooSlow();
            }
            throw new ProblemException(400, "The request body ended before it was complete.");
        }
    }

    /** What has arrived, 1 to {@code max} bytes: asking for more blocks until they come, past the deadline. */
    private static int readArrived(InputStream body, byte[] into, int offset, int max) throws IOException {
        return body.read(into, offset, Math.min(max, Math.max(1, body.available())));
    }

    /** The container's read gave up waiting for the next byte (its idle timeout), rather than the client closing. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    public static ProblemException tooLarge() {
        return new ProblemException(413, "The request body is larger than 64 KiB.");
    }

    static ProblemException tooSlow() {
        return new ProblemException(408, "The request body did not arrive within "
                + MAX_READ_TIME.toSeconds() + " seconds.");
    }

    /**
     * Prepares the refusal of a request whose body will not be read, so the answer never waits for it (sent slowly,
     * or not at all after {@code Expect: 100-continue}): over HTTP/1.x {@code Connection: close} (RFC 9112 §9.6); over
     * HTTP/2, where one stream cannot close the connection, what has arrived is dropped, at most
     * {@link #MAX_DRAINED_BYTES} and {@link #MAX_DRAIN_TIME} (else the JDK's HttpClient waits for flow-control credit,
     * seen on Payara Micro 6.2025.10). Nothing for a request without a body.
     */
    public static void refuseUnread(HttpServletRequest request, HttpServletResponse response) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return;
        }
        if (request.getProtocol().startsWith("HTTP/1.")) {
            response.setHeader("Connection", "close");
            return;
        }
        long deadline = System.nanoTime() + MAX_DRAIN_TIME.toNanos();
        byte[] sink = new byte[8192];
        try {
            InputStream body = request.getInputStream();
            for (long total = 0, n = 0; n >= 0 && total < MAX_DRAINED_BYTES && System.nanoTime() - deadline < 0;
                    total += n) {
                n = readArrived(body, sink, 0, sink.length);
            }
        } catch (IOException e) {
            // the client went away: nothing left to drain
        }
    }
}
