package app.todo.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * OPTIONS is not a method of this API: Jersey answers it for every resource on its own (200 with
 * {@code Allow}, a WADL body when asked). A CORS preflight never gets here ({@link CorsFilter} answers
 * it). Any other OPTIONS is matched as a method no resource has, so it is answered like any method a
 * route lacks: 405 problem+json with {@code Allow} on a route of API.md, 404 anywhere else (RFC 9110
 * §15.5.6). It runs after the bearer gate, so without a token it is a 401 like any request.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
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
