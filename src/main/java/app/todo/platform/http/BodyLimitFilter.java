package app.todo.platform.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.todo.platform.problem.Problem;

/**
 * A declared body over 64 KiB ({@link RequestBodies#MAX_BYTES}) is a 413, a {@code Content-Length} that is not a
 * number (RFC 9110 §8.6: {@code 1*DIGIT}) a 400, both from the header alone, before authentication and before a byte
 * of the body is read ({@link RequestBodies#refuseUnread}: over HTTP/1.x the connection is closed after the answer).
 * Mapped to {@code /api/*} in web.xml after the media-type rule. A body without a declared length (chunked) is
 * bounded by {@link RequestBodies} as {@link AdmissionFilter} reads it, after authentication.
 */
public class BodyLimitFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Problem.Fixed NOT_A_NUMBER = new Problem(400, "Content-Length is not a number.").fixed();
    private static final Problem.Fixed TOO_LARGE = RequestBodies.tooLarge().problem().fixed();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            chain.doFilter(request, response);
            return;
        }
        long declared = declared(length.strip());
        if (declared < 0 || declared > RequestBodies.MAX_BYTES) {
            RequestBodies.refuseUnread(request, response);
            (declared < 0 ? NOT_A_NUMBER : TOO_LARGE).writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The declared length; -1 when it is not 1 to 19 ASCII digits; {@code Long.MAX_VALUE} for a longer number. */
    static long declared(String length) {
        if (length.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < length.length(); i++) {
            if (length.charAt(i) < '0' || length.charAt(i) > '9') {
                return -1;
            }
        }
        return length.length() > 18 ? Long.MAX_VALUE : Long.parseLong(length);
    }
}
