package app.todo.platform.http;

import java.util.Map;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API, mapped under /api; every resource in the WAR is discovered. Only the routes of
 * API.md exist: Jersey's own WADL ({@code application.wadl}, its schemas, the WADL answer to OPTIONS)
 * is switched off here, and its automatic OPTIONS by {@link OptionsNotServed}.
 */
@ApplicationPath(TodoApplication.PATH)
public class TodoApplication extends Application {

    /** Where the API lives: the servlet path of every route of docs/api.md. */
    public static final String PATH = "/api";

    /** Jersey's {@code ServerProperties.WADL_FEATURE_DISABLE}; Payara's Jersey reads the Application's properties. */
    static final String DISABLE_WADL = "jersey.config.server.wadl.disableWadl";

    /** Jersey's {@code ServerProperties.PROVIDER_CLASSNAMES}. */
    static final String PROVIDER_CLASSNAMES = "jersey.config.server.provider.classnames";

    /**
     * Jersey's own {@code @RolesAllowed}/{@code @DenyAll}/{@code @PermitAll} check, which asks the request's
     * {@code SecurityContext} (the caller the bearer filter put on the request). Payara's is off in payara-web.xml:
     * it asks Jakarta Security, which this service does not use.
     */
    static final String ROLES_ALLOWED = "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature";

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(DISABLE_WADL, true, PROVIDER_CLASSNAMES, ROLES_ALLOWED);
    }
}
