package app.todo.platform.http;

import java.io.IOException;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import app.todo.platform.problem.Problem;

/**
 * A declared body over 64 KiB is refused with 413 before a byte of it is read ({@link RequestBodies#refuseUnread}:
 * over HTTP/1.x the connection is closed after the answer); a chunked body without a length is cut off by
 * {@link RequestBodies} instead. A Content-Length that is not a number is a 400, answered the same way.
 */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        String length = context.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            RequestBodies.refuseUnread(request, response);
            context.abortWith(new Problem(400, "Content-Length is not a number.").toResponse().build());
            return;
        }
        if (declared > RequestBodies.MAX_BYTES) {
            RequestBodies.refuseUnread(request, response);
            context.abortWith(RequestBodies.tooLarge().problem().toResponse().build());
        }
    }
}
