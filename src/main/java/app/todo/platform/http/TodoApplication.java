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

    /**
     * Jersey's own (Payara; RESTEasy ignores unknown properties): WADL off ({@code ServerProperties.WADL_FEATURE_DISABLE}),
     * and {@code @RolesAllowed} by Jersey's {@code RolesAllowedDynamicFeature} ({@code PROVIDER_CLASSNAMES}); RESTEasy's
     * role check is switched on in web.xml ({@code resteasy.role.based.security}). Both ask the request's
     * {@code SecurityContext}, at priority {@code AUTHORIZATION}, and throw {@code ForbiddenException} (403 problem).
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true, "jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
