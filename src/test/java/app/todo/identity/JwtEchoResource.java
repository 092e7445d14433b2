package app.todo.identity;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Test-only resource in the ITs' deployment (Deployments.suite), for AuthenticationIT: what {@code @Inject
 * JsonWebToken} sees.
 */
@Path("test/jwt")
@RequestScoped
@RolesAllowed("user")
public class JwtEchoResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> echo() {
        return Map.of(
                "name", jwt.getName(),
                "subject", jwt.getSubject(),
                "audience", jwt.getAudience(),
                "groups", jwt.getGroups(),
                "expiration", jwt.getExpirationTime(),
                "current_user", user.userId());
    }

    @GET
    @Path("admin")
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> admin() {
        return Map.of("name", jwt.getName());
    }
}
