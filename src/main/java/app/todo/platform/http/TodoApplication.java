package app.todo.platform.http;

import java.util.Map;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API under /api; only the routes of docs/api.md exist (Jersey's WADL is off, OPTIONS: {@link OptionsNotServed}). */
@ApplicationPath(TodoApplication.PATH)
public class TodoApplication extends Application {

    /** Where the API lives: the servlet path of every route of docs/api.md. */
    public static final String PATH = "/api";

    /**
     * Jersey's own (RESTEasy ignores them): WADL off, {@code @RolesAllowed} by its {@code RolesAllowedDynamicFeature};
     * RESTEasy's role check is on in web.xml. Both throw {@code ForbiddenException} (a 403 problem).
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true, "jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
