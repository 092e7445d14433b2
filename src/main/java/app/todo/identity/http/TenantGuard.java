package app.todo.identity.http;

import java.security.Principal;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import app.todo.platform.http.BearerChallenge;
import app.todo.platform.logging.Logs;

/**
 * For every route whose path carries {@code {user_id}}, now and in future: the caller (JAX-RS's
 * {@code SecurityContext}, the verified token's) may only name themselves, or 403. Runs after matching, after the role
 * check ({@link #PRIORITY}: the runtimes' role filters are at
 * {@link Priorities#AUTHORIZATION}) and before the resource, so a foreign tenant is refused before any database work.
 */
@Provider
@Priority(TenantGuard.PRIORITY)
public class TenantGuard implements ContainerRequestFilter {

    /** After the role check (AUTHORIZATION), before the resource. */
    public static final int PRIORITY = Priorities.AUTHORIZATION + 100;

    private static final Logger LOG = Logs.logger(TenantGuard.class);

    @Override
    public void filter(ContainerRequestContext context) {
        List<String> named = context.getUriInfo().getPathParameters().get("user_id");
        if (named == null || named.isEmpty()) {
            return;
        }
        Principal caller = context.getSecurityContext() == null ? null : context.getSecurityContext().getUserPrincipal();
        if (caller == null) {
            throw new NotAuthorizedException(BearerChallenge.plain());
        }
        for (String userId : named) {
            if (!userId.equals(caller.getName())) {
                LOG.log(Level.INFO, "403 {0} {1}: path names another user than the token",
                        new Object[] {context.getMethod(), context.getUriInfo().getMatchedURIs().isEmpty()
                                ? "" : context.getUriInfo().getMatchedURIs().get(0)});
                throw new ForbiddenException();
            }
        }
    }
}
