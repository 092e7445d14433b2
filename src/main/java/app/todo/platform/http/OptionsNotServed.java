package app.todo.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * OPTIONS is not a method of this API (a CORS preflight never gets here, {@link CorsFilter}): rather than the runtime's
 * automatic answer (200 with {@code Allow}, Jersey's WADL), it is matched as a method no resource has: 405
 * problem+json with {@code Allow} on a route, else 404 (RFC 9110 §15.5.6).
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class OptionsNotServed implements ContainerRequestFilter {

    /** A method name no resource declares; it only exists between this filter and method matching. */
    static final String NOT_SERVED = "OPTIONS-NOT-SERVED";

    @Override
    public void filter(ContainerRequestContext context) {
        if ("OPTIONS".equals(context.getMethod())) {
            context.setMethod(NOT_SERVED);
        }
    }
}
