package app.todo.platform.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * {@code GET /openapi}: the WAR's META-INF/openapi.json (OpenAPI 3.0, docs/api.md) with a {@code servers} entry after
 * {@code info}: the URLs of {@code mp.openapi.servers} (comma separated, trailing slashes cut), else the URL the
 * request reached. The format ({@link #choose}): {@code ?format=json|yaml} first, else by {@code Accept}, else YAML; a
 * client that accepts none gets a 406 problem+json. Not the servers' MicroProfile OpenAPI (off; issue 19, their
 * sources read 2026-12-04): WildFly's is an Undertow handler outside the WAR's filters that sends
 * {@code Access-Control-Allow-Origin: *} and an empty 406, Payara's sends YAML as text/plain.
 */
@WebServlet("/openapi")
public class OpenApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String DOCUMENT = "/META-INF/openapi.json";
    static final String SERVERS = "mp.openapi.servers";
    static final String YAML = "application/yaml";
    static final String JSON = "application/json";
    /** YAML for a client that accepts only text/plain (what Payara's own /openapi sent). */
    static final String TEXT = "text/plain";
    /** At most this many media ranges of an Accept header are read (a hostile header stays cheap). */
    static final int MAX_RANGES = 32;

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
        String format = choose(request.getParameter("format"), request.getHeader("Accept"));
        if (format == null) {
            new Problem(406, "/openapi is served as application/yaml or application/json").writeTo(response);
            return;
        }
        JsonObject served = withServers(document, servers(request));
        String body = format.equals(JSON) ? served.toString() : yaml(served);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(format + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private List<String> servers(HttpServletRequest request) {
        List<String> configured = config.getOptionalValue(SERVERS, String.class).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).filter(url -> !url.isBlank())
                .map(url -> withoutTrailingSlash(url.strip())).toList();
        return !configured.isEmpty() ? configured : List.of(withoutTrailingSlash(request.getScheme() + "://"
                + request.getServerName() + ":" + request.getServerPort() + request.getContextPath()));
    }

    /** {@code http://host:8080/} joined with the paths would give {@code //api/...}. */
    static String withoutTrailingSlash(String url) {
        return url.replaceFirst("(?<=.)/+$", "");
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

    /**
     * @param format the {@code format} query parameter, or null
     * @param accept the {@code Accept} header, or null
     * @return the media type to serve, or null when the client accepts none of them (406)
     */
    static String choose(String format, String accept) {
        if (format != null) {
            String asked = format.strip().toLowerCase(Locale.ROOT);
            if (asked.equals("json")) {
                return JSON;
            }
            if (asked.equals("yaml")) {
                return YAML;
            }
        }
        if (accept == null || accept.isBlank()) {
            return YAML;
        }
        String best = null;
        double bestQ = 0;
        for (String candidate : new String[] {YAML, JSON, TEXT}) {   // a tie goes to the first
            double q = quality(candidate, accept);
            if (q > bestQ) {
                best = candidate;
                bestQ = q;
            }
        }
        return best;
    }

    /** The q {@code accept} gives {@code mediaType}: that of its most specific matching range (RFC 9110 §12.5.1). */
    static double quality(String mediaType, String accept) {
        String type = mediaType.substring(0, mediaType.indexOf('/'));
        int bestSpecificity = -1;
        double q = 0;
        String[] ranges = accept.split(",", MAX_RANGES + 1);
        for (int r = 0; r < Math.min(ranges.length, MAX_RANGES); r++) {
            String[] parts = ranges[r].split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            int specificity = name.equals(mediaType) ? 2 : name.equals(type + "/*") ? 1 : name.equals("*/*") ? 0 : -1;
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = qParameter(parts);
            }
        }
        return q;
    }

    private static double qParameter(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(parameter.substring(2));
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
