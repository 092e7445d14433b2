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
 * §15.5.6). Without a token it never gets here: authentication (a servlet filter) has answered 401.
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
