package app.todo.identity.http;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import app.todo.identity.CurrentUser;
import app.todo.identity.service.RevocationService;

/**
 * {@code GET /api/me}: what the service sees in the caller's token; {@code POST /api/me/token/revoke}: revokes that
 * token.
 */
@Path("me")
@ApplicationScoped
@RolesAllowed("user")
public class MeResource {

    /** Response body; snake_case on the wire. */
    public record Me(String userId, String email, String issuer, Instant expiresAt, String tokenId) {
    }

    @Inject
    CurrentUser user;

    @Inject
    RevocationService revocations;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response me() {
        // no-store: it shows the token's identity and lifetime, which no cache should keep (docs/api.md#caching)
        return Response.ok(new Me(user.userId(), user.email(), user.issuer(), user.expiresAt(), user.tokenId()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** {@code POST /api/me/token/revoke} (docs/api.md): 204 once stored; 503 when the store cannot be written. */
    @POST
    @Path("token/revoke")
    public Response revokeThisToken(@Context HttpServletRequest request) throws SQLException {
        revocations.revoke(IdentityProducer.principal(request));
        return Response.noContent().build();
    }
}
