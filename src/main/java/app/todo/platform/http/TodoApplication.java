package app.todo.platform.http;

import java.util.Map;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API, mapped under /api; every resource and provider in the WAR is discovered. Only the routes of
 * API.md exist: Jersey's own WADL ({@code application.wadl}, its schemas, the WADL answer to OPTIONS)
 * is switched off here, and its automatic OPTIONS by {@link OptionsNotServed}.
 */
@ApplicationPath(TodoApplication.PATH)
public class TodoApplication extends Application {

    /** Where the API lives: the servlet path of every route of docs/api.md. */
    public static final String PATH = "/api";

    /** Jersey's {@code ServerProperties.WADL_FEATURE_DISABLE}; Payara's Jersey reads the Application's properties. */
    static final String DISABLE_WADL = "jersey.config.server.wadl.disableWadl";

    /**
     * Jersey-only and kept: RESTEasy ignores an unknown property and serves no WADL anyway. {@code @RolesAllowed} is
     * enforced by {@link RolesAllowedFeature} (standard JAX-RS), not by a Jersey property.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of(DISABLE_WADL, true);
    }
}
