package app.todo.identity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.todo.support.SigningKey;
import app.todo.support.Tokens;
import app.todo.identity.config.TokenSettings;
import app.todo.identity.token.ClaimRules;
import app.todo.identity.token.RejectReason;
import app.todo.identity.token.TokenPolicy;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;
import app.todo.identity.token.TokenVerifier;

/**
 * Issue 9, item 6: a key rotation while forged kids arrive without pause. Real threads, the real
 * clock, the default TODO_JWKS_REFRESH_MIN_INTERVAL, a real scheduler for the owed fetch, and tokens
 * minted here and checked by the whole verifier; the JWKS source is in memory and counts its fetches.
 */
class JwksRotationTest {

    private static final Duration MIN_INTERVAL = TokenSettings.DEFAULT_JWKS_REFRESH_MIN_INTERVAL;
    /** The bound between a new key's first token and its acceptance. */
    private static final Duration ACCEPTED_WITHIN = Duration.ofSeconds(5);
    private static final Duration FORGED_EVERY = Duration.ofMillis(50);
    private static final Duration CLIENT_RETRY = Duration.ofMillis(100);

    private static final List<SigningKey> PUBLISHED = SigningKey.everyAlgorithm("ba1-");
    private static final SigningKey ROTATED = SigningKey.ed25519("ba1-ed25519-rotated");
    private static final SigningKey ATTACKER = SigningKey.ed25519("attacker");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService flood = Executors.newSingleThreadExecutor();
    private final AtomicBoolean flooding = new AtomicBoolean(true);
    private final CountingSource source = new CountingSource();
    private final JwksKeys jwks = new JwksKeys(source, Clock.systemUTC(), MIN_INTERVAL, Duration.ofSeconds(5), scheduler);
    private final TokenVerifier verifier = new TokenVerifier(List.of(new SharedSecrets(Tokens.SECRET, null), jwks),
            new ClaimRules(new TokenPolicy(Set.of(Tokens.BETTER_AUTH_URL), Set.of(Tokens.BETTER_AUTH_URL),
                    TokenPolicy.DEFAULT_LEEWAY, TokenPolicy.DEFAULT_MAX_LIFETIME), Clock.systemUTC()));

    @AfterEach
    void stop() {
        flooding.set(false);
        flood.shutdownNow();
        jwks.close();
        scheduler.shutdownNow();
    }

    @Test
    void aKeyPublishedDuringAFloodOfForgedKidsIsAcceptedWithinFiveSeconds() throws Exception {
        source.publish(PUBLISHED);
        assertTrue(jwks.refresh());
        int before = source.calls.get();
        long floodStart = System.nanoTime();
        Future<List<String>> forged = flood.submit(this::sendForgedKids);
        Thread.sleep(1_000);

        List<SigningKey> rotated = new ArrayList<>(PUBLISHED);
        rotated.add(ROTATED);
        source.publish(rotated);
        long firstTry = System.nanoTime();
        TokenPrincipal principal = null;
        int tries = 0;
        while (principal == null && System.nanoTime() - firstTry < 3 * ACCEPTED_WITHIN.toNanos()) {
            tries++;
            try {
                principal = verifier.verify(Tokens.betterAuth(ROTATED, "u_rotated").sign());
            } catch (TokenRejectedException e) {
                assertEquals(RejectReason.KEY, e.reason(), e.getMessage());
                Thread.sleep(CLIENT_RETRY.toMillis());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - firstTry);
        assertTrue(principal != null, "the rotated key was never accepted");
        assertEquals("u_rotated", principal.userId());
        int triesMade = tries;
        assertTrue(took.compareTo(ACCEPTED_WITHIN) < 0, () -> "accepted " + took.toMillis() + " ms after its first try (" + triesMade + " tries)");

        Thread.sleep(1_000);
        flooding.set(false);
        List<String> wrong = forged.get();
        long floodMillis = Duration.ofNanos(System.nanoTime() - floodStart).toMillis();
        assertEquals(List.of(), wrong, "every forged kid refused for reason key");
        int fetches = source.calls.get() - before;
        long allowed = floodMillis / MIN_INTERVAL.toMillis() + 1;
        assertTrue(fetches <= allowed, () -> fetches + " JWKS fetches during " + floodMillis + " ms of forged kids; at most " + allowed);
        assertEquals(0, source.overlapping.get(), "two fetches at once");
    }

    @Test
    void forgedKidsAloneFetchAtMostOncePerIntervalAndNeverHoldTheJwksBack() throws Exception {
        source.publish(PUBLISHED);
        assertTrue(jwks.refresh());
        int before = source.calls.get();
        long floodStart = System.nanoTime();
        Future<List<String>> forged = flood.submit(this::sendForgedKids);
        Thread.sleep(MIN_INTERVAL.multipliedBy(2).plusMillis(500).toMillis());
        flooding.set(false);
        assertEquals(List.of(), forged.get(), "every forged kid refused for reason key");
        long floodMillis = Duration.ofNanos(System.nanoTime() - floodStart).toMillis();
        int fetches = source.calls.get() - before;
        assertTrue(fetches >= 1 && fetches <= floodMillis / MIN_INTERVAL.toMillis() + 1,
                () -> fetches + " JWKS fetches during " + floodMillis + " ms of a forged kid every " + FORGED_EVERY.toMillis() + " ms");
        assertEquals("PS256", verifier.verify(Tokens.betterAuth(PUBLISHED.get(4), "u_known").sign()).algorithm(),
                "a known kid verifies throughout");
    }

    /** A new random kid every 50 ms until told to stop; what was not refused for reason key. */
    private List<String> sendForgedKids() throws InterruptedException {
        List<String> wrong = new ArrayList<>();
        while (flooding.get()) {
            String token = Tokens.betterAuth(ATTACKER, "u_forged").header("kid", "forged-" + UUID.randomUUID()).sign();
            try {
                verifier.verify(token);
                wrong.add("accepted");
            } catch (TokenRejectedException e) {
                if (e.reason() != RejectReason.KEY) {
                    wrong.add(e.reason().label());
                }
            }
            Thread.sleep(FORGED_EVERY.toMillis());
        }
        return wrong;
    }

    /** A Better Auth JWKS in memory: serves what is published, counts fetches and fetches at once. */
    private static final class CountingSource implements JwksKeys.Source {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger overlapping = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private volatile String body;

        void publish(List<SigningKey> keys) {
            body = SigningKey.jwks(keys);
        }

        @Override
        public String fetch() throws IOException {
            calls.incrementAndGet();
            if (running.incrementAndGet() > 1) {
                overlapping.incrementAndGet();
            }
            try {
                return body;
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public String describe() {
            return "in memory";
        }
    }
}
