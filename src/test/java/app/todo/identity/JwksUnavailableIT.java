package app.todo.identity;

import static app.todo.support.Problems.assertUnauthorized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Http;
import app.todo.support.JwksServer;
import app.todo.support.OperatorProcess;
import app.todo.support.SigningKey;
import app.todo.support.Tokens;

/**
 * The service started before its auth server: the JWKS cannot be fetched. JWKS tokens get a clean
 * 401 (not a 500), HS256 keeps working, readiness is DOWN and says why; once the JWKS answers, the
 * service picks it up by itself.
 */
class JwksUnavailableIT {

    /** How long the test waits for readiness at most; the service retries every 2 s here. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void jwksDownFromTheStart() throws Exception {
        int port = JwksServer.freePort();
        SigningKey key = SigningKey.ed25519("late-ed25519");
        try (OperatorProcess server = OperatorProcess.start(Map.of(
                "BETTER_AUTH_SECRET", Tokens.SECRET,
                "TODO_JWKS_URL", JwksServer.url(port),
                "TODO_JWKS_REFRESH_MIN_INTERVAL", "2s",
                "TODO_JWT_ISSUER", Tokens.BETTER_AUTH_URL + "," + Tokens.ISSUER,
                "TODO_JWT_AUDIENCE", Tokens.BETTER_AUTH_URL + "," + Tokens.AUDIENCE,
                "TODO_DATA_DIR", Files.createDirectories(root.resolve("data")).toString()), root.resolve("payara"))) {
            Http http = new Http(server.base());

            assertUnauthorized(http.get("api/me", Tokens.betterAuth(key, "u_early").sign()), true);
            assertEquals(200, http.get("api/me", Tokens.forUser("u_hs256").sign()).statusCode());

            HttpResponse<String> ready = http.get("health/ready", null);
            assertEquals(503, ready.statusCode(), ready::body);
            assertTrue(ready.body().contains("JWKS no key fetched yet (connection refused or unreachable)"), ready::body);
            assertTrue(server.log().contains("JWKS fetch from " + JwksServer.url(port) + " failed: connection refused or unreachable; "
                    + "no JWKS key yet, so EdDSA/ES256/ES512/RS256/PS256 tokens are refused"), "the log says so");

            try (JwksServer jwks = JwksServer.start(port).publish(List.of(key))) {
                int status = 0;
                for (long deadline = System.nanoTime() + PATIENCE.toNanos(); status != 200 && System.nanoTime() < deadline; ) {
                    Thread.sleep(500);
                    status = http.get("health/ready", null).statusCode();
                }
                assertEquals(200, status, "ready once the JWKS answers, without a restart");
                HttpResponse<String> me = http.get("api/me", Tokens.betterAuth(key, "u_late").sign());
                assertEquals(200, me.statusCode(), me::body);
                assertTrue(jwks.requests() >= 1);
            }
        }
    }
}
