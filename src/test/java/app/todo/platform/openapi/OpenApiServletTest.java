package app.todo.platform.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** How /openapi picks its format (docs/api.md, "Operations") and what it adds, without a server. */
class OpenApiServletTest {

    @Test
    void yamlByDefault() {
        assertEquals(OpenApiServlet.YAML, OpenApiServlet.choose(null, null));
        assertEquals(OpenApiServlet.YAML, OpenApiServlet.choose(null, "*/*"));
    }

    @Test
    void theQueryParameterWinsOverAccept() {
        assertEquals(OpenApiServlet.JSON, OpenApiServlet.choose("json", "application/yaml"));
        assertEquals(OpenApiServlet.YAML, OpenApiServlet.choose("yaml", "application/json"));
    }

    @Test
    void acceptChoosesByQualityThenSpecificity() {
        assertEquals(OpenApiServlet.JSON, OpenApiServlet.choose(null, "application/json"));
        assertEquals(OpenApiServlet.JSON, OpenApiServlet.choose(null, "application/yaml;q=0.5, application/json"));
        assertEquals(OpenApiServlet.YAML, OpenApiServlet.choose(null, "application/*"));
        assertEquals(OpenApiServlet.TEXT, OpenApiServlet.choose(null, "text/plain"));
        assertEquals(OpenApiServlet.JSON, OpenApiServlet.choose(null, "application/yaml;q=0, */*;q=0.1"));
    }

    @Test
    void nothingAcceptableIsNull() {
        assertNull(OpenApiServlet.choose(null, "text/html"));
        assertNull(OpenApiServlet.choose(null, "application/json;q=0, application/yaml;q=0"));
        assertNull(OpenApiServlet.choose(null, "application/json;q=nonsense"));
    }

    @Test
    void aHugeAcceptHeaderIsReadOnlyUpToItsBound() {
        String header = "text/html, ".repeat(10_000) + "application/json";
        assertNull(OpenApiServlet.choose(null, header));
    }

    @Test
    void serversComeAfterInfoWithoutTrailingSlash() {
        JsonObject document = Json.createObjectBuilder().add("openapi", "3.0.3").add("info", Json.createObjectBuilder())
                .add("servers", Json.createArrayBuilder().add(Json.createObjectBuilder().add("url", "old")))
                .add("paths", Json.createObjectBuilder()).build();
        JsonObject served = OpenApiServlet.withServers(document,
                List.of(OpenApiServlet.withoutTrailingSlash("https://todo.example.com//")));
        assertEquals(List.of("openapi", "info", "servers", "paths"), List.copyOf(served.keySet()));
        assertEquals("https://todo.example.com", served.getJsonArray("servers").getJsonObject(0).getString("url"));
    }

    @Test
    void yamlKeepsTheVersionPlainAndStringsAsStrings() {
        JsonObject document = Json.createObjectBuilder().add("openapi", "3.0.3")
                .add("info", Json.createObjectBuilder().add("version", "1").add("x-count", 2)).build();
        String yaml = OpenApiServlet.yaml(document);
        assertTrue(yaml.startsWith("openapi: 3.0.3\n"), yaml);
        assertTrue(yaml.contains("version: '1'"), yaml);
        assertTrue(yaml.contains("x-count: 2"), yaml);
    }
}
