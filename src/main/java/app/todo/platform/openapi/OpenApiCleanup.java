package app.todo.platform.openapi;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.servers.Server;

import app.todo.platform.logging.Logs;

/**
 * Makes the document Payara serves at /openapi a valid OpenAPI document (mp.openapi.filter in
 * microprofile-config.properties). Payara Micro 6.2025.10 adds two things to META-INF/openapi.json:
 * <ul>
 * <li>a top-level {@code endpoints} map (its own extension, not prefixed with {@code x-}, which OpenAPI does
 * not allow); no configuration turns it off, so it is emptied here (Payara's writer omits empty maps);</li>
 * <li>a server URL ending in '/' ({@code http://host:8080/}), which joined with the paths gives
 * {@code //api/...}; the trailing slash is cut, also from URLs set with {@code mp.openapi.servers}.</li>
 * </ul>
 * OpenApiDocumentTest and OperationsIT validate the result.
 */
public class OpenApiCleanup implements OASFilter {

    private static final Logger LOG = Logs.logger(OpenApiCleanup.class);

    @Override
    public Server filterServer(Server server) {
        String url = server.getUrl();
        if (url != null) {
            String trimmed = url;
            while (trimmed.length() > 1 && trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            server.setUrl(trimmed);
        }
        return server;
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        Method setter;
        try {
            setter = document.getClass().getMethod("setEndpoints", Map.class);
        } catch (NoSuchMethodException e) {
            return; // a server that adds no such field
        }
        try {
            setter.invoke(document, Map.of());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove Payara''s endpoints field from /openapi: {0}", e.toString());
        }
    }
}
