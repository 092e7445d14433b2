package app.todo.identity.http;

import java.sql.SQLException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import app.todo.identity.CurrentUser;
import app.todo.identity.service.RevocationService;

/**
 * {@code POST /api/{user_id}/sessions/revoke}, "sign out everywhere" (docs/api.md): 204 once stored; 503 when the
 * store cannot be written. The path's {user_id} is the caller's, or TenantGuard has answered 403 before this runs.
 */
@Path("{user_id}/sessions")
@ApplicationScoped
@RolesAllowed("user")
public class SessionsResource {

    @Inject
    CurrentUser user;

    @Inject
    RevocationService revocations;

    @POST
    @Path("revoke")
    public Response signOutEverywhere() throws SQLException {
        revocations.signOut(user.userId(), user.issuedAt());
        return Response.noContent().build();
    }
}
