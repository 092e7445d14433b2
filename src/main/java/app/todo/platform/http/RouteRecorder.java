package app.todo.platform.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Puts the matched route template (e.g. {@code /api/{user_id}/tasks/{id}}) on the request, for the
 * access log and the request metrics: bounded label values, no user ids or task ids.
 */
@Provider
public class RouteRecorder implements ContainerResponseFilter {

    static final String ATTRIBUTE = RouteRecorder.class.getName();

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext responseContext) {
        if (resource == null || resource.getResourceClass() == null || resource.getResourceMethod() == null) {
            return;
        }
        request.setAttribute(ATTRIBUTE, template(resource.getResourceClass().getAnnotation(Path.class),
                resource.getResourceMethod().getAnnotation(Path.class)));
    }

    static String template(Path type, Path method) {
        StringBuilder route = new StringBuilder(TodoApplication.PATH);
        for (Path part : new Path[] {type, method}) {
            if (part != null && !part.value().isEmpty() && !part.value().equals("/")) {
                String value = part.value();
                route.append(value.startsWith("/") ? "" : "/").append(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            }
        }
        return route.toString();
    }
}
