package app.todo.platform.http;

import java.io.IOException;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import app.todo.platform.problem.Problem;

/**
 * A declared body over 64 KiB is refused with 413 without being kept (a chunked body without a
 * length is cut off by {@link RequestBodies} instead).
 */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

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
            context.abortWith(new Problem(400, "Content-Length is not a number.").toResponse().build());
            return;
        }
        if (declared > RequestBodies.MAX_BYTES) {
            if (declared <= RequestBodies.MAX_DRAINED_BYTES) {
                RequestBodies.drain(context.getEntityStream(), RequestBodies.MAX_DRAINED_BYTES);
            }
            context.abortWith(RequestBodies.tooLarge().problem().toResponse().build());
        }
    }
}
