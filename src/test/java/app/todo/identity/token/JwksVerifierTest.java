package app.todo.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import app.todo.support.HostileTokens;
import app.todo.support.JwksHostileTokens;
import app.todo.support.SigningKey;
import app.todo.support.Tokens;
import app.todo.identity.keys.JwksKeys;
import app.todo.identity.keys.SharedSecrets;

/** The verifier with HS256 secrets and a JWKS side by side, against generated keys of every kind; no server. */
class JwksVerifierTest {

    static final List<SigningKey> PUBLISHED = SigningKey.everyAlgorithm("ba1-");
    /** A second Better Auth instance: its own keys, some under the same kids. */
    static final List<SigningKey> OTHER_INSTANCE = SigningKey.everyAlgorithm("ba2-");
    static final SigningKey ATTACKER = SigningKey.ed25519("attacker");
    static final String PREVIOUS_SECRET = "the-previous-secret-being-rotated-out-0123456789";

    private final CountingSource source = new CountingSource(SigningKey.jwks(PUBLISHED));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final TokenVerifier verifier = verifier(source, scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    static TokenVerifier verifier(JwksKeys.Source source, ScheduledExecutorService scheduler) {
        TokenPolicy policy = new TokenPolicy(Set.of(Tokens.BETTER_AUTH_URL, Tokens.ISSUER), Set.of(Tokens.BETTER_AUTH_URL, Tokens.AUDIENCE),
                TokenPolicy.DEFAULT_LEEWAY, TokenPolicy.DEFAULT_MAX_LIFETIME);
        JwksKeys jwks = new JwksKeys(source, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofSeconds(5), scheduler);
        jwks.refresh();
        return new TokenVerifier(List.of(new SharedSecrets(Tokens.SECRET, PREVIOUS_SECRET), jwks),
                new ClaimRules(policy, Clock.systemUTC()));
    }

    static List<SigningKey> published() {
        return PUBLISHED;
    }

    static List<HostileTokens.Case> hostile() {
        return JwksHostileTokens.refused(PUBLISHED, ATTACKER);
    }

    @Test
    void theAllowListIsHs256AndTheFiveJwksAlgorithms() {
        assertEquals(Set.of("HS256", "EdDSA", "ES256", "ES512", "RS256", "PS256"), verifier.algorithms());
        assertEquals(Set.of("HS256"), TokenVerifierTest.verifier(Tokens.SECRET, null).algorithms());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void aBetterAuthTokenOfEachAlgorithmVerifies(SigningKey key) throws TokenRejectedException {
        TokenPrincipal principal = verifier.verify(Tokens.betterAuth(key, "usr_" + key.alg()).sign());
        assertEquals("usr_" + key.alg(), principal.userId());
        assertEquals("usr_" + key.alg() + "@example.com", principal.email());
        assertEquals(Tokens.BETTER_AUTH_URL, principal.issuer());
        assertEquals(key.alg(), principal.algorithm());
        assertEquals(Set.of("user"), principal.groups());
        assertEquals(1, source.calls, "verified from the cached JWKS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusesForItsReason(HostileTokens.Case token) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token.token()));
        assertEquals(token.reason(), e.reason(), () -> "reason for '" + token.name() + "': " + e.getMessage());
        assertEquals(1, source.calls, "no hostile token makes us fetch the JWKS");
    }

    @Test
    void tokensOfASecondBetterAuthInstanceAreRefused() {
        for (SigningKey other : OTHER_INSTANCE) {
            TokenRejectedException e = assertThrows(TokenRejectedException.class,
                    () -> verifier.verify(Tokens.betterAuth(other, "u").sign()), other.toString());
            assertEquals(RejectReason.KEY, e.reason(), other.toString());
        }
        for (int i = 0; i < PUBLISHED.size(); i++) {
            String sameKid = Tokens.betterAuth(OTHER_INSTANCE.get(i), "u").header("kid", PUBLISHED.get(i).kid()).sign();
            assertEquals(RejectReason.SIGNATURE, assertThrows(TokenRejectedException.class, () -> verifier.verify(sameKid)).reason());
        }
    }

    @Test
    void claimsOfBetterAuthTokensAreChecked() {
        SigningKey ed = PUBLISHED.get(0);
        assertEquals(RejectReason.ISSUER, reason(Tokens.betterAuth(ed, "u").claim("iss", "http://localhost:4000").sign()));
        assertEquals(RejectReason.AUDIENCE, reason(Tokens.betterAuth(ed, "u").claim("aud", "http://localhost:4000").sign()));
        assertEquals(RejectReason.EXPIRED, reason(Tokens.betterAuth(ed, "u").claim("iat", Tokens.now() - 2000).claim("exp", Tokens.now() - 1100).sign()));
        assertEquals(RejectReason.SUBJECT, reason(Tokens.betterAuth(ed, "u").without("sub").sign()));
    }

    @Test
    void hs256KeepsWorkingBesideTheJwksWithBothSecrets() throws TokenRejectedException {
        assertEquals("u_hs", verifier.verify(Tokens.forUser("u_hs").sign()).userId());
        assertEquals("u_old", verifier.verify(Tokens.forUser("u_old").secret(PREVIOUS_SECRET).sign()).userId());
        String previousKid = SharedSecrets.keyId(PREVIOUS_SECRET.getBytes(StandardCharsets.UTF_8));
        assertEquals("u_kid", verifier.verify(Tokens.forUser("u_kid").secret(PREVIOUS_SECRET).header("kid", previousKid).sign()).userId());
    }

    private RejectReason reason(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }

    private static final class CountingSource implements JwksKeys.Source {
        private final String body;
        private int calls;

        CountingSource(String body) {
            this.body = body;
        }

        @Override
        public synchronized String fetch() throws IOException {
            calls++;
            return body;
        }

        @Override
        public String describe() {
            return "counting";
        }
    }
}
