package app.todo.platform.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.Config;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import app.todo.platform.problem.Problem;

/**
 * {@code GET /openapi}: the OpenAPI 3.0 document of docs/api.md, the file META-INF/openapi.json of the WAR, served
 * by the WAR itself on every server (the servers' own MicroProfile OpenAPI is off: Payara by a pre-boot command,
 * WildFly has no openapi layer), with a {@code servers} entry after {@code info}: the URLs of
 * {@code mp.openapi.servers} (MicroProfile Config: the system property or the environment variable
 * {@code MP_OPENAPI_SERVERS}; comma separated, trailing slashes cut), else the URL the request reached
 * ({@code scheme://host:port}). The format is chosen by {@link OpenApiFormat}; a client that accepts none gets a
 * 406 problem+json. Not the servers' MicroProfile OpenAPI (issue 19; their sources read 2026-12-04): WildFly's
 * {@code OpenAPIHttpHandler} is an Undertow handler outside the WAR's filters (no request id, Host or
 * singleton-header rules) that sends {@code Access-Control-Allow-Origin: *} and an empty 406, and Payara's sends
 * YAML as text/plain, so the two would differ from each other and from docs/api.md.
 */
@WebServlet("/openapi")
public class OpenApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String DOCUMENT = "/META-INF/openapi.json";
    static final String SERVERS = "mp.openapi.servers";

    @Inject
    transient Config config;

    private transient JsonObject document;

    @Override
    public void init() throws ServletException {
        try (InputStream in = OpenApiServlet.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new ServletException(DOCUMENT + " is missing from the WAR");
            }
            try (JsonReader reader = Json.createReader(in)) {
                document = reader.readObject();
            }
        } catch (IOException e) {
            throw new ServletException("Could not read " + DOCUMENT, e);
        }
    }

    /** The document as block YAML: SnakeYAML reads the JSON text (YAML's flow style) and writes it out again. */
    static String yaml(JsonObject document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        Yaml yaml = new Yaml(options); // not thread-safe: one per request
        return yaml.dump(yaml.load(document.toString()));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OpenApiFormat format = OpenApiFormat.choose(request.getParameter("format"), request.getHeader("Accept"));
        if (format == null) {
            new Problem(406, "/openapi is served as application/yaml or application/json").writeTo(response);
            return;
        }
        JsonObject served = withServers(document, servers(request));
        String body = format.json() ? served.toString() : yaml(served);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(format.mediaType() + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private List<String> servers(HttpServletRequest request) {
        List<String> configured = new ArrayList<>();
        config.getOptionalValue(SERVERS, String.class).ifPresent(value -> {
            for (String url : value.split(",")) {
                if (!url.isBlank()) {
                    configured.add(withoutTrailingSlash(url.strip()));
                }
            }
        });
        if (!configured.isEmpty()) {
            return configured;
        }
        return List.of(withoutTrailingSlash(request.getScheme() + "://" + request.getServerName() + ":"
                + request.getServerPort() + request.getContextPath()));
    }

    /** {@code http://host:8080/} joined with the paths would give {@code //api/...}. */
    static String withoutTrailingSlash(String url) {
        String trimmed = url;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** The document with a {@code servers} entry after {@code info}, replacing one it may have. */
    static JsonObject withServers(JsonObject document, List<String> urls) {
        var list = Json.createArrayBuilder();
        for (String url : urls) {
            list.add(Json.createObjectBuilder().add("url", url));
        }
        var out = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> field : document.entrySet()) {
            if (!field.getKey().equals("servers")) {
                out.add(field.getKey(), field.getValue());
            }
            if (field.getKey().equals("info")) {
                out.add("servers", list);
            }
        }
        return out.build();
    }
}
