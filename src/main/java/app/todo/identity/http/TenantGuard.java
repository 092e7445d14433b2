package app.todo.identity.http;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import app.todo.identity.token.TokenPrincipal;
import app.todo.platform.logging.Logs;

/**
 * For every route whose path carries {@code {user_id}}, now and in future: the caller may only name
 * themselves. Runs after matching and before the resource, so a foreign tenant is refused with 403
 * before any database work.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class TenantGuard implements ContainerRequestFilter {

    private static final Logger LOG = Logs.logger(TenantGuard.class);
    static final String USER_ID_PARAMETER = "user_id";

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        List<String> named = context.getUriInfo().getPathParameters().get(USER_ID_PARAMETER);
        if (named == null || named.isEmpty()) {
            return;
        }
        if (!(request.getAttribute(BearerFilter.PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal caller)) {
            throw new NotAuthorizedException(UnauthorizedResponse.challenge(false));
        }
        for (String userId : named) {
            if (!userId.equals(caller.userId())) {
                LOG.log(Level.INFO, "403 {0} {1}: path names another user than the token",
                        new Object[] {context.getMethod(), context.getUriInfo().getMatchedURIs().isEmpty()
                                ? "" : context.getUriInfo().getMatchedURIs().get(0)});
                throw new ForbiddenException();
            }
        }
    }
}
