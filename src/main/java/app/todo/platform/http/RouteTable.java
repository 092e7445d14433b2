package app.todo.platform.http;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;

/**
 * The API's route templates ({@code /api/me}, {@code /api/{user_id}/tasks/{id}}, …), built once from the resource
 * beans' {@code @Path}: the template a request's path fits, for the access log and the metrics, whether JAX-RS served
 * it or a filter answered first, else {@link #UNMATCHED}, so labels never hold a user or task id. Compared segment by
 * segment, the most literal first as JAX-RS prefers them; a trailing slash is ignored. Not regular expressions: a
 * {@code Matcher} per template allocated 1,000 B per lookup, this none (JMH, 2026-12-04).
 */
public final class RouteTable {

    /** The route of a path that fits no template. */
    public static final String UNMATCHED = "unmatched";

    /** The application's table, built on first use (once every resource bean is known). */
    private static volatile RouteTable application;

    /** @param segments the template's segments after the leading slash; null where the template has a parameter */
    private record Route(String template, String[] segments, int literals) {
    }

    private final List<Route> routes;

    RouteTable(Collection<String> templates) {
        List<Route> list = new ArrayList<>();
        for (String template : new LinkedHashSet<>(templates)) {
            String[] segments = template.substring(1).split("/", -1);
            int literals = 0;
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].startsWith("{")) {
                    segments[i] = null;
                } else {
                    literals += segments[i].length() + 1;
                }
            }
            list.add(new Route(template, segments, literals));
        }
        list.sort(Comparator.comparingInt(Route::literals).reversed());
        this.routes = List.copyOf(list);
    }

    /** The template of the route {@code request} (on the API's servlet) was for, or {@link #UNMATCHED}. */
    public static String routeOf(HttpServletRequest request) {
        RouteTable table = application;
        if (table == null) {
            table = ofApplication();
            application = table;
        }
        String info = request.getPathInfo();
        return table.routeOf(info == null ? request.getServletPath() : request.getServletPath() + info);
    }

    /**
     * The route template of a resource method: {@link TodoApplication#PATH}, then the class's and the method's
     * {@code @Path} (either may be null), without a trailing slash. E.g. {@code @Path("{user_id}/tasks")} and
     * {@code @Path("{id}")} → {@code /api/{user_id}/tasks/{id}}.
     */
    public static String template(Path type, Path method) {
        StringBuilder route = new StringBuilder(TodoApplication.PATH);
        for (Path part : new Path[] {type, method}) {
            if (part != null && !part.value().isEmpty() && !part.value().equals("/")) {
                String value = part.value();
                route.append(value.startsWith("/") ? "" : "/")
                        .append(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            }
        }
        return route.toString();
    }

    /**
     * The templates of every JAX-RS resource bean of the application (classes with {@code @Path}, and their
     * methods with {@code @Path}), under {@link TodoApplication#PATH}.
     */
    static RouteTable ofApplication() {
        Set<String> templates = new LinkedHashSet<>();
        for (Bean<?> bean : CDI.current().getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            templates.add(template(root, null));
            for (Method method : type.getMethods()) {
                Path sub = method.getAnnotation(Path.class);
                if (sub != null) {
                    templates.add(template(root, sub));
                }
            }
        }
        return new RouteTable(templates);
    }

    /**
     * The template that {@code path} (servlet path and path info, e.g. {@code /api/alice/tasks/42}) fits, or
     * {@link #UNMATCHED}.
     */
    String routeOf(String path) {
        for (Route route : routes) {
            if (fits(route.segments(), path)) {
                return route.template();
            }
        }
        return UNMATCHED;
    }

    /** Whether {@code path} has one non-empty segment per template segment, equal where the template's is literal. */
    private static boolean fits(String[] segments, String path) {
        int at = 0;
        int length = path.length();
        if (length > 1 && path.charAt(length - 1) == '/') {
            length--;
        }
        for (String segment : segments) {
            if (at >= length || path.charAt(at) != '/') {
                return false;
            }
            int start = at + 1;
            int end = path.indexOf('/', start);
            if (end < 0 || end > length) {
                end = length;
            }
            if (end == start || segment != null
                    && (end - start != segment.length() || !path.regionMatches(start, segment, 0, segment.length()))) {
                return false;
            }
            at = end;
        }
        return at == length;
    }
}
