package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Http;
import app.todo.support.OperatorProcess;

/**
 * A normal start of the operator command logs no WARNING or SEVERE line, on a fresh --rootDir and on one reused
 * from an earlier start (a restarted container). On PostgreSQL when the build has TODO_DB_URL, as CI does.
 */
class QuietStartIT {

    /** A level in Payara's log format ([WARNING]) or in the JDK's, before Payara's logging starts (WARNING: …). */
    private static final Pattern LOUD = Pattern.compile("(?m)\\[(WARNING|SEVERE)\\]|^(WARNING|SEVERE):");
    private static final Pattern COLOURS = Pattern.compile("\u001B\\[[0-9;]*m");

    @TempDir
    Path root;

    @Test
    void aFreshStartIsQuiet() throws Exception {
        try (OperatorProcess server = OperatorProcess.start(environment(), root.resolve("payara"))) {
            assertReady(server);
            assertEquals(List.of(), loudLines(server.log()), "WARNING/SEVERE lines of a normal start");
        }
    }

    @Test
    void aRestartOnTheSameRootIsQuiet() throws Exception {
        try (OperatorProcess first = OperatorProcess.start(environment(), root.resolve("payara"))) {
            assertReady(first);
        }
        try (OperatorProcess again = OperatorProcess.start(environment(), root.resolve("payara"))) {
            assertReady(again);
            assertEquals(List.of(), loudLines(again.log()), "WARNING/SEVERE lines of a restart");
        }
    }

    private Map<String, String> environment() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "BETTER_AUTH_SECRET", "quiet-start-test-secret-0123456789-0123456789",
                "TODO_DATA_DIR", Files.createDirectories(root.resolve("data")).toString()));
        for (String name : List.of("TODO_DB_URL", "TODO_DB_USER", "TODO_DB_PASSWORD")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    private static void assertReady(OperatorProcess server) {
        HttpResponse<String> ready = new Http(server.base()).get("health/ready", null);
        assertEquals(200, ready.statusCode(), ready::body);
    }

    /** Each loud line with the line after it (Payara puts the message on the next line). */
    static List<String> loudLines(String log) {
        List<String> lines = COLOURS.matcher(log).replaceAll("").lines().toList();
        List<String> loud = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (LOUD.matcher(lines.get(i)).find()) {
                loud.add(lines.get(i) + (i + 1 < lines.size() ? " / " + lines.get(i + 1).strip() : ""));
            }
        }
        return loud;
    }
}
