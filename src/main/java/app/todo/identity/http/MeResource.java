package app.todo.identity.http;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import app.todo.identity.CurrentUser;

/** {@code GET /api/me}: what the service sees in the caller's token. */
@Path("me")
@RequestScoped
@RolesAllowed("user")
public class MeResource {

    /** Response body; snake_case on the wire. */
    public record Me(String userId, String email, String issuer, Instant expiresAt, String tokenId) {
    }

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        return new Me(user.userId(), user.email(), user.issuer(), user.expiresAt(), user.tokenId());
    }
}
