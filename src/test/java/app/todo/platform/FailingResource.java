package app.todo.platform;

import java.sql.SQLTransientConnectionException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test-only resource in the ITs' deployment (Deployments.suite), for StatusLinesIT: the two failures no request to
 * the real API can cause at will, answered by the real exception mappers.
 */
@Path("test/fail")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class FailingResource {

    /** A bug: 500. */
    @GET
    @Path("bug")
    public String bug() {
        throw new IllegalStateException("a deliberate bug of StatusLinesIT");
    }

    /** The database cannot be reached: 503. */
    @GET
    @Path("database")
    public String database() {
        throw new IllegalStateException(new SQLTransientConnectionException("deliberate, StatusLinesIT", "08001"));
    }
}
