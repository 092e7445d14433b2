package app.todo.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * A declared body over 64 KiB is refused before it is read. (A chunked body without a length is cut
 * off by {@link RequestBodies} instead.)
 */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext context) {
        String length = context.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > RequestBodies.MAX_BYTES) {
                    context.abortWith(new Problem(413, "The request body is larger than 64 KiB.").toResponse().build());
                }
            } catch (NumberFormatException e) {
                context.abortWith(new Problem(400, "Content-Length is not a number.").toResponse().build());
            }
        }
    }
}
