package app.todo.platform.http;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Path;

/**
 * The route templates of the API ({@code /api/me}, {@code /api/{user_id}/tasks/{id}}, …), for requests that
 * JAX-RS answered without matching a resource method: a 401 from the pre-matching bearer gate, a 405, a 400 from a
 * servlet filter. Such a request gets the template its path fits, or {@link #UNMATCHED} when it fits none (a
 * 404), so the access log and the metrics name a bounded set of routes, never a user id or task id.
 */
final class RouteTable {

    /** The route of a path that fits no template. */
    static final String UNMATCHED = "unmatched";

    private record Route(Pattern pattern, String template, int literals) {
    }

    private final List<Route> routes;

    RouteTable(Collection<String> templates) {
        List<Route> list = new ArrayList<>();
        for (String template : new LinkedHashSet<>(templates)) {
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            Matcher parameter = Pattern.compile("\\{[^}]*}").matcher(template);
            int last = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(template.substring(last, parameter.start()))).append("[^/]+");
                literals += parameter.start() - last;
                last = parameter.end();
            }
            regex.append(Pattern.quote(template.substring(last))).append("/?");
            literals += template.length() - last;
            list.add(new Route(Pattern.compile(regex.toString()), template, literals));
        }
        // The most literal characters first, as JAX-RS prefers them: /api/me before /api/{user_id}.
        list.sort(Comparator.comparingInt(Route::literals).reversed());
        this.routes = List.copyOf(list);
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
            templates.add(RouteRecorder.template(root, null));
            for (Method method : type.getMethods()) {
                Path sub = method.getAnnotation(Path.class);
                if (sub != null) {
                    templates.add(RouteRecorder.template(root, sub));
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
            if (route.pattern().matcher(path).matches()) {
                return route.template();
            }
        }
        return UNMATCHED;
    }

    /** The templates, most literal first. */
    List<String> templates() {
        return routes.stream().map(Route::template).toList();
    }
}
