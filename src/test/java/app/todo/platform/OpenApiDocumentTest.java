package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.Test;
import app.todo.platform.problem.Problem;

/**
 * The OpenAPI document in the WAR is strictly valid OpenAPI, every error it names is a problem+json, and
 * docs/api.md names the same routes with the same success statuses. The served document is checked with the
 * same {@link #validate} in OperationsIT.
 */
class OpenApiDocumentTest {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** Marker of a route of docs/api.md that belongs to the contract but is not built yet. */
    static final String NOT_SERVED_YET = "not served yet";

    @Test
    void theDocumentInTheWarIsValidOpenApi() throws IOException {
        validate(Files.readString(Path.of("src/main/resources/META-INF/openapi.json")));
    }

    @Test
    void everyErrorResponseIsAProblem() throws IOException {
        OpenAPI api = validate(Files.readString(Path.of("src/main/resources/META-INF/openapi.json")));
        List<String> wrong = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                op.getResponses().forEach((status, declared) -> {
                    ApiResponse response = resolved(api, declared);
                    boolean right = status.startsWith("2") || (status.equals("304")
                            ? response.getContent() == null : isProblem(response));
                    if (!right) {
                        wrong.add(method + " " + path + " " + status);
                    }
                })));
        assertEquals(List.of(), wrong, "error responses without application/problem+json of " + PROBLEM_REF
                + " (or a 304 with a body)");
    }

    /** docs/api.md#caching: every answer names X-Request-Id; errors are no-store; reads may answer 304. */
    @Test
    void everyResponseDeclaresItsRequestIdAndCaching() throws IOException {
        OpenAPI api = validate(Files.readString(Path.of("src/main/resources/META-INF/openapi.json")));
        List<String> wrong = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            op.getResponses().forEach((status, declared) -> {
                ApiResponse response = resolved(api, declared);
                Map<String, Header> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
                if (!headers.containsKey("X-Request-Id")) {
                    wrong.add(method + " " + path + " " + status + ": no X-Request-Id");
                }
                if (!status.startsWith("2") && !status.equals("304") && !headers.containsKey("Cache-Control")) {
                    wrong.add(method + " " + path + " " + status + ": no Cache-Control");
                }
                if (!status.startsWith("2") && !status.equals("304") && declared.get$ref() == null) {
                    wrong.add(method + " " + path + " " + status + ": not shared under components/responses");
                }
            });
            boolean read = method == PathItem.HttpMethod.GET && path.contains("/tasks");
            if (read != op.getResponses().containsKey("304")) {
                wrong.add(method + " " + path + (read ? ": no 304" : ": a 304 on a route that is not a task read"));
            }
        }));
        assertEquals(List.of(), wrong);
    }

    private static ApiResponse resolved(OpenAPI api, ApiResponse response) {
        String ref = response.get$ref();
        if (ref == null) {
            return response;
        }
        ApiResponse shared = api.getComponents().getResponses().get(ref.substring(ref.lastIndexOf('/') + 1));
        assertTrue(shared != null, "unresolved " + ref);
        return shared;
    }

    @Test
    void docsApiMdNamesTheRoutesAndSuccessStatusesOfTheDocument() throws IOException {
        OpenAPI api = validate(Files.readString(Path.of("src/main/resources/META-INF/openapi.json")));
        Set<String> documented = new TreeSet<>();
        Set<String> notServed = new TreeSet<>();
        for (Route route : routesOfDocsApiMd()) {
            (route.served() ? documented : notServed).add(route.key());
        }
        assertEquals(successRoutes(api), documented, "docs/api.md route tables against openapi.json");
        for (String route : notServed) {
            assertFalse(successRoutes(api).stream().anyMatch(r -> r.startsWith(route.substring(0, route.lastIndexOf(' ')) + " ")),
                    route + " is marked '" + NOT_SERVED_YET + "' in docs/api.md but is in openapi.json");
        }
    }

    @Test
    void noDocumentPointsOutsideTheRepository() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        // a path named in code quotes: one that climbs (../), an absolute /work path, or a Markdown file
        Pattern named = Pattern.compile("`((?:\\.\\./|/work/)[^`\\s]*|[^`\\s]*\\.md)`");
        Path root = Path.of("").toAbsolutePath();
        List<String> wrong = new ArrayList<>();
        for (Path document : documents) {
            String text = Files.readString(document, StandardCharsets.UTF_8);
            List<String> targets = new ArrayList<>();
            for (Matcher m = link.matcher(text); m.find();) {
                targets.add(m.group(1));
            }
            for (Matcher m = named.matcher(text); m.find();) {
                targets.add(m.group(1));
            }
            for (Matcher m = Pattern.compile("(?:\\.\\./)+shared/\\S*|/work/\\S*").matcher(text); m.find();) {
                targets.add(m.group()); // also in code blocks and plain text
            }
            for (String target : targets) {
                String file = target.replaceAll("#.*$", "");
                if (file.isEmpty() || file.matches("^[a-z]+:.*")) {
                    continue; // an anchor, or a web address
                }
                Path fromDocument = document.toAbsolutePath().getParent().resolve(file).normalize();
                Path fromRoot = root.resolve(file).normalize();
                boolean inside = fromDocument.startsWith(root) && Files.exists(fromDocument)
                        || fromRoot.startsWith(root) && Files.exists(fromRoot);
                if (!inside) {
                    wrong.add(document + ": " + target);
                }
            }
        }
        assertEquals(List.of(), wrong, "documents must stay inside the repository");
    }

    /** Parses and validates an OpenAPI document (JSON or YAML): no message of the parser, no unresolved $ref. */
    static OpenAPI validate(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        assertEquals(List.of(), messages, "OpenAPI validation messages");
        OpenAPI api = result.getOpenAPI();
        assertTrue(api != null && api.getOpenapi().startsWith("3.0."), "an OpenAPI 3.0 document");
        assertFalse(api.getPaths().isEmpty(), "paths");
        if (api.getServers() != null) {
            api.getServers().forEach(s -> assertFalse(s.getUrl().length() > 1 && s.getUrl().endsWith("/"),
                    "server URL with a trailing slash (joined with /api/... it gives //api/...): " + s.getUrl()));
        }
        return api;
    }

    /** "METHOD /path STATUS" for every operation and each of its 2xx statuses. */
    static Set<String> successRoutes(OpenAPI api) {
        Set<String> routes = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                success(op).forEach(status -> routes.add(method + " " + path + " " + status))));
        return routes;
    }

    private static List<String> success(Operation op) {
        return op.getResponses().keySet().stream().filter(s -> s.startsWith("2")).toList();
    }

    private static boolean isProblem(ApiResponse response) {
        if (response.getContent() == null) {
            return false;
        }
        MediaType problem = response.getContent().get(Problem.MEDIA_TYPE);
        return problem != null && problem.getSchema() != null && PROBLEM_REF.equals(problem.getSchema().get$ref())
                && response.getContent().size() == 1;
    }

    record Route(String method, String path, String status, boolean served) {
        String key() {
            return PathItem.HttpMethod.valueOf(method) + " " + path + " " + status;
        }
    }

    /** The rows of docs/api.md's "method and path | success | notes" tables. */
    static List<Route> routesOfDocsApiMd() throws IOException {
        List<Route> routes = new ArrayList<>();
        boolean inTable = false;
        Pattern row = Pattern.compile("^\\| `([A-Z]+) (/[^`]+)` \\| (\\d{3})\\b[^|]*\\|(.*)\\|\\s*$");
        for (String line : Files.readAllLines(Path.of("docs/api.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("| method and path | success |")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            if (inTable && !line.startsWith("| ---")) {
                Matcher m = row.matcher(line);
                assertTrue(m.matches(), "docs/api.md: a route row must read | `METHOD /path` | status … | notes |: " + line);
                routes.add(new Route(m.group(1), m.group(2), m.group(3),
                        !m.group(4).toLowerCase(Locale.ROOT).contains(NOT_SERVED_YET)));
            }
        }
        assertFalse(routes.isEmpty(), "docs/api.md has route tables");
        return routes;
    }
}
