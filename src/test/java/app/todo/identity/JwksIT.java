package app.todo.identity;

import static app.todo.support.Problems.assertUnauthorized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import app.todo.support.HostileTokens;
import app.todo.support.Http;
import app.todo.support.JwksHostileTokens;
import app.todo.support.JwksServer;
import app.todo.support.OperatorProcess;
import app.todo.support.SigningKey;
import app.todo.support.Tokens;
import app.todo.identity.keys.SharedSecrets;
import app.todo.identity.config.TokenSettings;

/**
 * The operator command with TODO_JWKS_URL pointing at a Better Auth-like JWKS in this JVM. One Payara
 * process for the whole story, in order: every algorithm, HS256 rotation, hostile tokens, a second
 * Better Auth instance, the unknown-kid refetch and its throttle, key rotation without restart, the
 * JWKS going down and going slow, a rotation during a flood of forged kids, and what the log holds.
 * The JWKS server counts its requests. TODO_JWKS_REFRESH_MIN_INTERVAL is left at its default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksIT {

    /** The service's TODO_JWKS_REFRESH_MIN_INTERVAL: its default, not set here. */
    static final Duration MIN_INTERVAL = TokenSettings.DEFAULT_JWKS_REFRESH_MIN_INTERVAL;
    /** Issue 9: a newly published key is accepted within this of its first token, whatever forged kids arrive. */
    static final Duration ACCEPTED_WITHIN = Duration.ofSeconds(5);
    static final String PREVIOUS_SECRET = "the-previous-secret-being-rotated-out-0123456789";
    /** Generous upper bound for an answer while the JWKS stalls (the service's own bound is about 6 s). */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    static Path root;

    private final List<SigningKey> published = SigningKey.everyAlgorithm("ba1-");
    private final List<SigningKey> otherInstance = SigningKey.everyAlgorithm("ba2-");
    private final SigningKey attacker = SigningKey.ed25519("attacker");
    private final SigningKey rotated = SigningKey.ed25519("ba1-ed25519-rotated");
    /** Every token sent, to look for in the log; the forged-kid thread adds to it too. */
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    private JwksServer jwks;
    private OperatorProcess server;
    private Http http;

    @BeforeAll
    void start() throws Exception {
        jwks = JwksServer.start(0).publish(published);
        String baseUrls = Tokens.BETTER_AUTH_URL + "," + Tokens.ISSUER;
        server = OperatorProcess.start(Map.of(
                "BETTER_AUTH_SECRET", Tokens.SECRET,
                "BETTER_AUTH_SECRET_PREVIOUS", PREVIOUS_SECRET,
                "TODO_JWKS_URL", jwks.url(),
                "TODO_JWKS_REFRESH_INTERVAL", "10m",
                "TODO_JWT_ISSUER", baseUrls,
                "TODO_JWT_AUDIENCE", Tokens.BETTER_AUTH_URL + "," + Tokens.AUDIENCE,
                "TODO_DATA_DIR", Files.createDirectories(root.resolve("data")).toString()), root.resolve("payara"));
        http = new Http(server.base());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    List<SigningKey> published() {
        return published;
    }

    List<HostileTokens.Case> hostile() {
        return JwksHostileTokens.refused(published, attacker);
    }

    @Test
    @Order(1)
    void fetchedTheJwksOnceAtStartAndIsReady() {
        assertEquals(1, jwks.requests());
        HttpResponse<String> ready = http.get("health/ready", null);
        assertEquals(200, ready.statusCode(), ready::body);
        assertTrue(ready.body().contains("ok: 5 keys fetched at"), ready::body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    @Order(2)
    void aBetterAuthTokenOfEachAlgorithmIsAccepted(SigningKey key) {
        String user = "usr_" + key.alg().toLowerCase();
        JsonObject me = Http.json(ok(Tokens.betterAuth(key, user).sign()));
        assertEquals(user, me.getString("user_id"));
        assertEquals(user + "@example.com", me.getString("email"));
        assertEquals(Tokens.BETTER_AUTH_URL, me.getString("issuer"));
    }

    @Test
    @Order(3)
    void hs256WithTheCurrentAndThePreviousSecret() {
        ok(Tokens.forUser("u_current").sign());
        ok(Tokens.forUser("u_previous").secret(PREVIOUS_SECRET).sign());
        String previousKid = SharedSecrets.keyId(PREVIOUS_SECRET.getBytes(StandardCharsets.UTF_8));
        ok(Tokens.forUser("u_previous_kid").secret(PREVIOUS_SECRET).header("kid", previousKid).sign());
        String currentKid = SharedSecrets.keyId(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
        refused(Tokens.forUser("u_wrong_kid").secret(PREVIOUS_SECRET).header("kid", currentKid).sign());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    @Order(4)
    void hostileTokenIsUnauthorized(HostileTokens.Case token) {
        refused(token.token());
    }

    @Test
    @Order(5)
    void anotherInstancesKeyUnderOurKidsIsRefusedWithoutRefetch() {
        for (int i = 0; i < published.size(); i++) {
            refused(Tokens.betterAuth(otherInstance.get(i), "u").header("kid", published.get(i).kid()).sign());
        }
        assertEquals(1, jwks.requests(), "no hostile token and no known kid made the service fetch");
    }

    @Test
    @Order(6)
    void anUnknownKidTriggersOneRefetchAndForgedKidsNoStorm() throws InterruptedException {
        // right after the start-up fetch the throttle is closed and the refetch would only be scheduled
        waitOutTheThrottle();
        int before = jwks.requests();
        refused(Tokens.betterAuth(otherInstance.get(0), "u").sign());
        assertEquals(before + 1, jwks.requests(), "one refetch for an unknown kid");

        long start = System.nanoTime();
        for (SigningKey other : otherInstance) {
            refused(Tokens.betterAuth(other, "u").sign());
            refused(Tokens.betterAuth(attacker, "u").header("kid", "forged-" + UUID.randomUUID()).sign());
        }
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        int allowed = (int) (elapsedSeconds / MIN_INTERVAL.toSeconds()) + 1;
        assertTrue(jwks.requests() - (before + 1) <= allowed,
                () -> jwks.requests() + " JWKS requests after 10 unknown kids in " + elapsedSeconds + " s");
    }

    @Test
    @Order(7)
    void aRotatedKeyIsAcceptedWithoutRestartAndTheOldKidStillVerifies() throws InterruptedException {
        waitOutTheThrottle();
        List<SigningKey> afterRotation = new ArrayList<>(published);
        afterRotation.add(rotated);
        jwks.publish(afterRotation);
        int before = jwks.requests();
        ok(Tokens.betterAuth(rotated, "u_rotated").sign());
        assertEquals(before + 1, jwks.requests(), "the new kid was fetched once");
        ok(Tokens.betterAuth(published.get(0), "u_old_kid").sign());
        ok(Tokens.betterAuth(rotated, "u_rotated_again").sign());
        assertEquals(before + 1, jwks.requests());
    }

    @Test
    @Order(8)
    void aKeyNoLongerPublishedIsRefusedAfterTheNextFetch() throws InterruptedException {
        List<SigningKey> graceOver = new ArrayList<>(published.subList(1, published.size()));
        graceOver.add(rotated);
        jwks.publish(graceOver);
        waitOutTheThrottle();
        refused(Tokens.betterAuth(attacker, "u").header("kid", "forged-after-grace").sign());
        refused(Tokens.betterAuth(published.get(0), "u_retired").sign());
        ok(Tokens.betterAuth(rotated, "u_rotated").sign());
    }

    @Test
    @Order(9)
    void jwksDownAfterAGoodFetchKeepsTheLastKeys() throws Exception {
        waitOutTheThrottle();
        jwks.mode(JwksServer.Mode.DOWN);
        int before = jwks.requests();
        refused(Tokens.betterAuth(attacker, "u").header("kid", "forged-while-down").sign());
        assertTrue(jwks.requests() > before, "it tried");
        ok(Tokens.betterAuth(rotated, "u_while_down").sign());
        ok(Tokens.betterAuth(published.get(1), "u_es256_while_down").sign());

        HttpResponse<String> ready = http.get("health/ready", null);
        assertEquals(200, ready.statusCode(), ready::body);
        assertTrue(ready.body().contains("stale since"), ready::body);
        assertTrue(ready.body().contains("HTTP status 503"), ready::body);
        assertTrue(server.log().contains("JWKS refresh from " + jwks.url() + " failed: HTTP status 503; still verifying with the 5 keys"),
                "the log says so");
    }

    @Test
    @Order(10)
    void aSlowJwksHoldsNoRequestBeyondTheTimeout() throws InterruptedException {
        jwks.mode(JwksServer.Mode.SLOW);
        waitOutTheThrottle();
        answersInTime("unknown kid", () -> refused(Tokens.betterAuth(attacker, "u").header("kid", "forged-while-slow").sign()));
        answersInTime("known kid", () -> ok(Tokens.betterAuth(rotated, "u_while_slow").sign()));
    }

    private static void answersInTime(String what, Runnable request) {
        long start = System.nanoTime();
        request.run();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PATIENCE) < 0, () -> what + " answered after " + took.toMillis() + " ms");
    }

    @Test
    @Order(11)
    void recoversOnItsOwnWhenTheJwksIsBack() throws InterruptedException {
        jwks.mode(JwksServer.Mode.UP);
        String body = "";
        for (int i = 0; i < 60; i++) {
            body = http.get("health/ready", null).body();
            if (body.contains("\"ok: 5 keys fetched at")) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(body.contains("\"ok: 5 keys fetched at"), body);
    }

    @Test
    @Order(12)
    void aKeyRotatedDuringAFloodOfForgedKidsIsAcceptedWithinFiveSeconds() throws Exception {
        SigningKey next = SigningKey.ed25519("ba1-ed25519-next");
        List<SigningKey> serving = new ArrayList<>(published.subList(1, published.size()));
        serving.add(rotated);
        int before = jwks.requests();
        long floodStart = System.nanoTime();
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService flood = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> forged = flood.submit(() -> sendForgedKids(flooding));
            Thread.sleep(1_000);

            serving.add(next);
            jwks.publish(serving);
            long firstTry = System.nanoTime();
            HttpResponse<String> answer = null;
            for (int tries = 0; tries < 150 && (answer == null || answer.statusCode() == 401); tries++) {
                if (answer != null) {
                    Thread.sleep(100);
                }
                String token = Tokens.betterAuth(next, "u_next").sign();
                sent.add(token);
                answer = http.get("api/me", token);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - firstTry);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("u_next", Http.json(answer).getString("user_id"));
            assertTrue(took.compareTo(ACCEPTED_WITHIN) < 0, () -> "accepted " + took.toMillis() + " ms after its first token");

            Thread.sleep(1_000);
            flooding.set(false);
            assertEquals(List.of(), forged.get(30, TimeUnit.SECONDS), "every forged kid gets 401");
        } finally {
            flooding.set(false);
            flood.shutdownNow();
        }
        long floodMillis = Duration.ofNanos(System.nanoTime() - floodStart).toMillis();
        int fetches = jwks.requests() - before;
        long allowed = floodMillis / MIN_INTERVAL.toMillis() + 1;
        assertTrue(fetches <= allowed, () -> fetches + " JWKS requests during " + floodMillis + " ms of forged kids; at most " + allowed);
    }

    /** A token with a new random kid every 50 ms until told to stop; the statuses that were not 401. */
    private List<String> sendForgedKids(AtomicBoolean flooding) throws InterruptedException {
        List<String> wrong = new ArrayList<>();
        while (flooding.get()) {
            String token = Tokens.betterAuth(attacker, "u_forged").header("kid", "forged-" + UUID.randomUUID()).sign();
            sent.add(token);
            int status = http.get("api/me", token).statusCode();
            if (status != 401) {
                wrong.add(String.valueOf(status));
            }
            Thread.sleep(50);
        }
        return wrong;
    }

    @Test
    @Order(13)
    void theLogHasEachReasonButNoTokenOrSecret() throws Exception {
        String log = server.log();
        for (String reason : List.of("reason=key", "reason=signature", "reason=header", "reason=algorithm", "reason=malformed")) {
            assertTrue(log.contains(reason), reason);
        }
        assertTrue(log.contains("JWKS from " + jwks.url() + ": 6 keys in use"), "the rotation is logged");
        for (String token : sent) {
            assertFalse(log.contains(token.split("\\.")[2]), "a token's signature is in the log");
        }
        assertFalse(log.contains(Tokens.SECRET), "the secret is in the log");
        assertFalse(log.contains(PREVIOUS_SECRET), "the previous secret is in the log");
    }

    /**
     * Until a fetch owed to a token refused just before has run, and the throttle has reopened after it. A fixed wait:
     * the throttle runs on the real clock of another process (the unit tests run it on a clock they control).
     */
    private void waitOutTheThrottle() throws InterruptedException {
        Thread.sleep(MIN_INTERVAL.multipliedBy(2).toMillis() + 500);
    }

    private HttpResponse<String> ok(String token) {
        sent.add(token);
        HttpResponse<String> response = http.get("api/me", token);
        assertEquals(200, response.statusCode(), response::body);
        return response;
    }

    private void refused(String token) {
        if (!token.endsWith(".")) {
            sent.add(token);
        }
        assertUnauthorized(http.get("api/me", token), true);
    }
}
