package app.todo.identity.http;

import java.io.IOException;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import app.todo.identity.token.RejectReason;
import app.todo.identity.token.TokenPrincipal;
import app.todo.platform.http.RequestBodies;
import app.todo.platform.http.TodoApplication;

/**
 * Deny by default, inside JAX-RS: every request without a verified caller stops here, before matching, so an unknown
 * route is a 401 like any other (nothing under /api is public). {@link BearerFilter} refuses such requests before
 * they reach JAX-RS; this gate is the second line for any that still do (a repeated Authorization the singleton-header
 * filter did not answer, or a filter mapping changed by mistake).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerGate implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        if (request.getAttribute(BearerFilter.PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal) {
            return;
        }
        AuthFailure failure = request.getAttribute(AuthFailure.ATTRIBUTE) instanceof AuthFailure f ? f
                : new AuthFailure(RejectReason.MISSING, "not authenticated", false);
        Refusals.log(context.getMethod(), TodoApplication.PATH + "/" + context.getUriInfo().getPath(), failure);
        RequestBodies.refuseUnread(request, response);
        context.abortWith(UnauthorizedResponse.of(failure));
    }
}
