package app.todo.identity;

import static app.todo.support.Problems.assertProblem;
import static app.todo.support.Problems.assertUnauthorized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Await;
import app.todo.support.Http;
import app.todo.support.JwksServer;
import app.todo.support.OperatorProcess;
import app.todo.support.SigningKey;
import app.todo.support.TcpProxy;
import app.todo.support.Tokens;

/**
 * Two nodes, the operator command twice, on one PostgreSQL database (only when TODO_DB_URL is set, as in CI; the
 * embedded H2 database serves one node). Node B reaches the database through a {@link TcpProxy} the test can cut,
 * and refuses to serve a view older than 6 s (TODO_REVOCATION_MAX_STALENESS). Both verify Better Auth's EdDSA tokens
 * through a JWKS in this JVM. Revocations are made on node A; what node B does is measured and checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevocationNodesIT {

    /** Generous bound on the propagation, to catch a broken listener (the figure itself is measured, not asserted). */
    static final Duration PROPAGATION_BOUND = Duration.ofSeconds(5);
    static final Duration MAX_STALENESS = Duration.ofSeconds(6);

    @TempDir
    static Path root;

    private final SigningKey betterAuthKey = SigningKey.ed25519("ba-ed25519");
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private JwksServer jwks;
    private TcpProxy proxy;
    private OperatorProcess nodeA;
    private OperatorProcess nodeB;
    private Http a;
    private Http b;

    @BeforeAll
    void start() throws Exception {
        String url = System.getenv("TODO_DB_URL");
        Assumptions.assumeTrue(url != null && url.startsWith("jdbc:postgresql:"),
                "two nodes need PostgreSQL (TODO_DB_URL); the embedded H2 database serves one node");
        jwks = JwksServer.start(0).publish(List.of(betterAuthKey));
        URI db = URI.create(url.substring("jdbc:".length()));
        proxy = new TcpProxy(db.getHost(), db.getPort());
        Map<String, String> env = new HashMap<>();
        env.put("BETTER_AUTH_SECRET", Tokens.SECRET);
        env.put("TODO_JWKS_URL", jwks.url());
        env.put("TODO_JWT_ISSUER", Tokens.ISSUER + "," + Tokens.BETTER_AUTH_URL);
        env.put("TODO_JWT_AUDIENCE", Tokens.AUDIENCE + "," + Tokens.BETTER_AUTH_URL);
        env.put("TODO_DB_URL", url);
        env.put("TODO_DB_USER", System.getenv().getOrDefault("TODO_DB_USER", "postgres"));
        env.put("TODO_DB_PASSWORD", System.getenv().getOrDefault("TODO_DB_PASSWORD", ""));
        Map<String, String> envB = new HashMap<>(env);
        envB.put("TODO_DB_URL", url.replace(db.getHost() + ":" + db.getPort(), "127.0.0.1:" + proxy.port()));
        envB.put("TODO_REVOCATION_MAX_STALENESS", MAX_STALENESS.toSeconds() + "s");
        CompletableFuture<OperatorProcess> startingB = CompletableFuture.supplyAsync(() -> started(envB, "node-b"));
        nodeA = started(env, "node-a");
        nodeB = startingB.join();
        a = new Http(nodeA.base());
        b = new Http(nodeB.base());
    }

    private static OperatorProcess started(Map<String, String> env, String name) {
        try {
            return OperatorProcess.start(env, root.resolve(name));
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not start", e);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, proxy, jwks}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private String token(String user) {
        String token = Tokens.forUser(user).claim("jti", UUID.randomUUID().toString()).sign();
        sent.add(token);
        return token;
    }

    private HttpResponse<String> post(Http node, String path, String token) {
        sent.add(token);
        return node.send(node.request(path).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Milliseconds from now until node answers this token with 401; fails past the bound. */
    private static double millisUntilRefused(Http node, String token) {
        long start = System.nanoTime();
        while (true) {
            int status = node.get("api/me", token).statusCode();
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (status == 401) {
                return elapsed;
            }
            assertEquals(200, status, "accepted until refused");
            assertTrue(elapsed < PROPAGATION_BOUND.toMillis(), "not refused within " + PROPAGATION_BOUND);
        }
    }

    @Test
    @Order(1)
    void aTokenRevokedOnNodeAIsRefusedByNodeBWithinASecond() {
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String user = "nodes-" + UUID.randomUUID();
            String token = token(user);
            assertEquals(200, b.get("api/me", token).statusCode(), "accepted by B first (and cached there)");
            assertEquals(204, post(a, "api/me/token/revoke", token).statusCode());
            delays.add(millisUntilRefused(b, token));
            assertUnauthorized(a.get("api/me", token), true);
        }
        report("token revoked on A, refused by B", delays);
    }

    @Test
    @Order(2)
    void signingOutOnNodeAIsHonouredByNodeBWithinASecond() {
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String user = "nodes-" + UUID.randomUUID();
            String token = token(user);
            assertEquals(200, b.get("api/me", token).statusCode());
            assertEquals(204, post(a, "api/" + user + "/sessions/revoke", token).statusCode());
            delays.add(millisUntilRefused(b, token));
        }
        report("sign-out on A, honoured by B", delays);
        String user = "nodes-" + UUID.randomUUID();
        assertEquals(204, post(a, "api/" + user + "/sessions/revoke", token(user)).statusCode());
        String later = Tokens.forUser(user).claim("iat", Tokens.now() + 1).sign();
        assertEquals(200, b.get("api/me", later).statusCode(), "a token from the next second on works on B");
    }

    @Test
    @Order(3)
    void aBetterAuthEdDsaTokenWithoutJtiIsRevokedByItsDigestOnBothNodes() {
        String user = "ba-" + UUID.randomUUID();
        String token = Tokens.betterAuth(betterAuthKey, user).sign();
        String sibling = Tokens.betterAuth(betterAuthKey, user).claim("iat", Tokens.now() - 5).sign();
        sent.add(token);
        sent.add(sibling);
        assertEquals(200, b.get("api/me", token).statusCode());
        assertEquals(200, a.get("api/me", sibling).statusCode());
        assertEquals(204, post(a, "api/me/token/revoke", token).statusCode());
        millisUntilRefused(b, token);
        assertUnauthorized(a.get("api/me", token), true);
        assertUnauthorized(post(b, "api/me/token/revoke", token), true);
        assertEquals(200, b.get("api/me", sibling).statusCode(), "only that token: the user's other token works");
    }

    @Test
    @Order(4)
    void nodeBCutFromTheDatabaseServesItsViewUpToTheBoundThenRefusesAndCatchesUpWhenItIsBack() throws Exception {
        String user = "cut-" + UUID.randomUUID();
        String revokedDuringCut = token(user);
        String signedOutDuringCut = token(user + "-2");
        String valid = token(user + "-3");
        assertEquals(200, b.get("api/me", revokedDuringCut).statusCode());
        assertEquals(200, b.get("api/me", signedOutDuringCut).statusCode());

        proxy.stop();
        assertEquals(204, post(a, "api/me/token/revoke", revokedDuringCut).statusCode(), "A still reaches the store");
        assertEquals(204, post(a, "api/" + user + "-2/sessions/revoke", signedOutDuringCut).statusCode());
        assertEquals(200, b.get("api/me", valid).statusCode(), "within the bound B serves with its last view");
        HttpResponse<String> notStored = post(b, "api/me/token/revoke", valid);
        assertProblem(503, notStored);
        assertTrue(notStored.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, b.get("api/me", valid).statusCode(), "nothing was revoked by the 503");

        String ready = readinessOnceItSays(b, "stale since", MAX_STALENESS);
        assertTrue(ready.contains("\"status\":\"UP\""), ready);

        HttpResponse<String> refused = eventually(() -> b.get("api/me", valid), 503, MAX_STALENESS.plusSeconds(5));
        assertEquals("Token revocations cannot be checked right now; try again shortly.",
                assertProblem(503, refused).getString("detail"));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        HttpResponse<String> down = b.get("health/ready", null);
        assertEquals(503, down.statusCode());
        assertTrue(checkOf(down.body()).contains("\"status\":\"DOWN\""), down::body);
        String metrics = b.get("metrics", null).body();
        assertTrue(gauge(metrics, "todo_revocation_sync_lag_seconds") > MAX_STALENESS.toSeconds() - 1, metrics);
        assertTrue(gauge(metrics, "todo_revocation_unavailable_total") >= 1, metrics);
        assertEquals(0, gauge(metrics, "todo_revocation_listener_up"), metrics);

        proxy.start();
        eventually(() -> b.get("api/me", valid), 200, Duration.ofSeconds(15));
        assertUnauthorized(b.get("api/me", revokedDuringCut), true);
        assertUnauthorized(b.get("api/me", signedOutDuringCut), true);
        eventually(() -> b.get("health/ready", null), 200, Duration.ofSeconds(15));
        // readiness is UP as soon as a poll succeeds; the listener reconnects on its own 1 s schedule
        readinessOnceItSays(b, "ok: listening", Duration.ofSeconds(10));
        // and the listener is back: a revocation on A reaches B at once again
        String after = token(user + "-4");
        assertEquals(200, b.get("api/me", after).statusCode());
        assertEquals(204, post(a, "api/me/token/revoke", after).statusCode());
        report("after the outage", List.of(millisUntilRefused(b, after)));
    }

    @Test
    @Order(5)
    void noTokenOrPasswordReachesEitherLog() throws Exception {
        String logs = nodeA.log() + nodeB.log();
        synchronized (sent) {
            for (String token : sent) {
                assertFalse(logs.contains(token.substring(token.lastIndexOf('.') + 1)), "a token's signature in the log");
            }
        }
        assertTrue(nodeB.log().contains("Revocation store unreachable"), "the outage is logged");
        assertTrue(nodeB.log().contains("Revocation store reachable again"), "and the recovery");
    }

    /** The JSON of the token-revocation readiness check. */
    private static String checkOf(String health) {
        Matcher m = Pattern.compile("\\{[^{}]*\"name\":\"token-revocation\"[^{}]*(\\{[^{}]*\\})?[^{}]*\\}").matcher(health);
        return m.find() ? m.group() : "";
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([-0-9.Ee+]+)$").matcher(metrics);
        assertTrue(m.find(), name);
        return Double.parseDouble(m.group(2));
    }

    /** The node's token-revocation check once it contains {@code text} ({@link Await}); fails after {@code within}. */
    private static String readinessOnceItSays(Http node, String text, Duration within) {
        AtomicReference<String> check = new AtomicReference<>();
        Await.awaitUntil(() -> {
            check.set(checkOf(node.get("health/ready", null).body()));
            return check.get().contains(text);
        }, within, () -> "readiness saying \"" + text + "\": " + check.get());
        return check.get();
    }

    /** The first answer of {@code call} with {@code status} ({@link Await}); fails after {@code within}. */
    private static HttpResponse<String> eventually(Supplier<HttpResponse<String>> call, int status, Duration within) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Await.awaitUntil(() -> {
            last.set(call.get());
            return last.get().statusCode() == status;
        }, within, () -> "status " + status + ", last " + last.get().statusCode() + ": " + last.get().body());
        return last.get();
    }

    private static void report(String what, List<Double> delays) {
        List<Double> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        System.out.printf("PROPAGATION %s: n=%d, median %.1f ms, max %.1f ms, all %s%n", what, sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted);
    }
}
