package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the JAX-RS resources describe the same routes: every resource method of
 * the WAR is in the document, and every operation of the document is a resource method.
 */
public class OpenApiRoutesTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void documentAndResourcesHaveTheSameRoutes() throws Exception {
        assertEquals(routesOfResources(), routesOfDocument());
    }

    @Test
    void everyOperationNeedsTheBearerSchemeAndAnswersProblemsFor401() throws Exception {
        JsonObject doc = document();
        assertEquals("bearer", doc.getJsonObject("components").getJsonObject("securitySchemes")
                .getJsonObject("bearerAuth").getString("scheme"));
        assertTrue(doc.getJsonArray("security").getJsonObject(0).containsKey("bearerAuth"));
        doc.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, op) -> {
            if (HTTP_METHODS.contains(method)) {
                assertTrue(op.asJsonObject().getJsonObject("responses").containsKey("401"), method + " " + path);
            }
        }));
    }

    public static Set<String> routesOfDocument() throws IOException {
        Set<String> routes = new TreeSet<>();
        document().getJsonObject("paths").forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(HTTP_METHODS::contains)
                .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        assertFalse(routes.isEmpty());
        return routes;
    }

    public static JsonObject document() throws IOException {
        try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream("/META-INF/openapi.json");
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    /** METHOD /api/path for every resource method of the application's classes (test classes excluded). */
    static Set<String> routesOfResources() throws IOException, URISyntaxException {
        Set<String> routes = new TreeSet<>();
        for (Method method : resourceMethods()) {
            routes.add(httpMethod(method) + " " + RouteTable.template(method.getDeclaringClass()
                    .getAnnotation(jakarta.ws.rs.Path.class), method.getAnnotation(jakarta.ws.rs.Path.class)));
        }
        assertFalse(routes.isEmpty());
        return routes;
    }

    /** Every resource method (an HTTP method annotation) of the application's {@code @Path} classes. */
    static List<Method> resourceMethods() throws IOException, URISyntaxException {
        Path classes = Path.of(TodoApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Method> methods = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, OpenApiRoutesTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (type.getAnnotation(jakarta.ws.rs.Path.class) == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    if (httpMethod(method) != null) {
                        methods.add(method);
                    }
                }
            }
        }
        return methods;
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }
}
