package app.todo.identity;

import static app.todo.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.Tokens;

/** The operator command with a secret that is too short: it must not serve /api, and say why. */
class OperatorCommandIT {

    @TempDir
    Path root;

    @Test
    void aShortSecretKeepsApiClosedAndReadinessDown() throws Exception {
        String shortSecret = "only-twenty-bytes-xx";
        try (OperatorProcess server = OperatorProcess.start(Map.of("BETTER_AUTH_SECRET", shortSecret,
                "TODO_DATA_DIR", Files.createDirectories(root.resolve("data")).toString()), root.resolve("payara"))) {
            Http http = new Http(server.base());

            HttpResponse<String> me = http.get("api/me", Tokens.forUser("u").secret(shortSecret + shortSecret).sign());
            assertProblem(503, me);

            HttpResponse<String> ready = http.get("health/ready", null);
            assertEquals(503, ready.statusCode(), ready::body);
            assertTrue(ready.body().contains("shorter than 32 bytes"), ready::body);

            String log = server.log();
            assertTrue(log.contains("Token configuration invalid, /api will refuse every request: "
                    + "BETTER_AUTH_SECRET is shorter than 32 bytes"), "one log line says why");
            assertFalse(log.contains(shortSecret), "the secret is never logged");
        }
    }
}
