package app.todo.identity.http;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Typed;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import app.todo.identity.CurrentUser;
import app.todo.identity.service.RevocationService;
import app.todo.identity.token.TokenPrincipal;
import app.todo.platform.http.RequestCaller;

/**
 * {@code GET /api/me}: what the service sees in the caller's token; {@code POST /api/me/token/revoke}: revokes that
 * token. Also produces the verified caller of the current request as {@link CurrentUser} and {@link JsonWebToken}
 * (static producers: no instance of this resource is involved). Only the bearer filter records a caller
 * ({@link RequestCaller}), so both come from a verified token or not at all.
 */
@Path("me")
@ApplicationScoped
@RolesAllowed("user")
public class MeResource {

    /** Response body; snake_case on the wire. */
    public record Me(String userId, String email, String issuer, Instant expiresAt, String tokenId) {
    }

    @Inject
    RevocationService revocations;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response me(@Context HttpServletRequest request) {
        TokenPrincipal user = principal(request);   // not the request-scoped CurrentUser: no bean made per request
        // no-store: it shows the token's identity and lifetime, which no cache should keep (docs/api.md#caching)
        return Response.ok(new Me(user.userId(), user.email(), user.issuer(), user.expiresAt(), user.tokenId()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** {@code POST /api/me/token/revoke} (docs/api.md): 204 once stored; 503 when the store cannot be written. */
    @POST
    @Path("token/revoke")
    public Response revokeThisToken(@Context HttpServletRequest request) throws SQLException {
        revocations.revoke(principal(request));
        return Response.noContent().build();
    }

    @jakarta.enterprise.inject.Produces
    @RequestScoped
    @Typed(JsonWebToken.class)
    static JsonWebToken jsonWebToken(HttpServletRequest request) {
        return principal(request);
    }

    @jakarta.enterprise.inject.Produces
    @RequestScoped
    static CurrentUser currentUser(HttpServletRequest request) {
        return principal(request);
    }

    /** The verified caller of this request; only ever called where BearerFilter has let the request in. */
    private static TokenPrincipal principal(HttpServletRequest request) {
        return Objects.requireNonNull(RequestCaller.of(request, TokenPrincipal.class), "no verified caller");
    }
}
