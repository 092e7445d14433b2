package app.todo.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import app.todo.support.HostileTokens;
import app.todo.support.Tokens;
import app.todo.identity.keys.SharedSecrets;

/** The verifier alone, no server: every refused token for its precise reason, every accepted edge. */
class TokenVerifierTest {

    private final TokenVerifier verifier = verifier(Tokens.SECRET, null);

    static TokenVerifier verifier(String secret, String previous) {
        TokenPolicy policy = new TokenPolicy(Set.of(Tokens.ISSUER), Set.of(Tokens.AUDIENCE),
                TokenPolicy.DEFAULT_LEEWAY, TokenPolicy.DEFAULT_MAX_LIFETIME);
        return new TokenVerifier(List.of(new SharedSecrets(secret, previous)), new ClaimRules(policy, Clock.systemUTC()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("app.todo.support.HostileTokens#refused")
    void refusesForItsReason(HostileTokens.Case token) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token.token()));
        assertEquals(token.reason(), e.reason(), () -> "reason for '" + token.name() + "': " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("app.todo.support.HostileTokens#accepted")
    void accepts(HostileTokens.Case token) throws TokenRejectedException {
        TokenPrincipal principal = verifier.verify(token.token());
        assertEquals(Set.of("user"), principal.groups());
    }

    @Test
    void exposesTheClaimsOfTheCaller() throws TokenRejectedException {
        String token = Tokens.forUser("u_1").claim("user_id", "u_1").claim("email", "a@example.com")
                .claim("jti", "t-1").claim("iat", 1_000L + Tokens.now() - 1_000).sign();
        TokenPrincipal p = verifier.verify(token);
        assertEquals("u_1", p.userId());
        assertEquals("u_1", p.getName());
        assertEquals("a@example.com", p.email());
        assertEquals("t-1", p.tokenId());
        assertEquals(Tokens.ISSUER, p.getIssuer());
        assertEquals(Set.of(Tokens.AUDIENCE), p.getAudience());
        assertEquals(p.expiresAt().getEpochSecond(), p.getExpirationTime());
        assertEquals(token, p.getRawToken());
    }

    @Test
    void userEmailWinsOverEmail() throws TokenRejectedException {
        TokenPrincipal p = verifier.verify(Tokens.forUser("u").claim("email", "b@example.com")
                .claim("user_email", "a@example.com").sign());
        assertEquals("a@example.com", p.email());
    }

    @Test
    void adminComesFromGroupsOrRole() throws TokenRejectedException {
        assertEquals(Set.of("user", "admin"),
                verifier.verify(Tokens.forUser("u").claim("groups", List.of("admin")).sign()).groups());
        assertEquals(Set.of("user", "admin"),
                verifier.verify(Tokens.forUser("u").claim("role", "user,admin").sign()).groups());
        assertEquals(Set.of("user"),
                verifier.verify(Tokens.forUser("u").claim("role", "administrator").sign()).groups());
    }

    @Test
    void previousSecretStillVerifiesDuringRotation() throws TokenRejectedException {
        String older = "the-previous-secret-being-rotated-out-0123456789";
        TokenVerifier rotating = verifier(Tokens.SECRET, older);
        assertEquals("u", rotating.verify(Tokens.forUser("u").secret(older).sign()).userId());
        assertEquals("u", rotating.verify(Tokens.forUser("u").sign()).userId());
    }

    @Test
    void kidOfASecretSelectsThatSecretOnly() {
        String older = "the-previous-secret-being-rotated-out-0123456789";
        TokenVerifier rotating = verifier(Tokens.SECRET, older);
        String currentKid = SharedSecrets.keyId(Tokens.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> rotating.verify(Tokens.forUser("u").secret(older).header("kid", currentKid).sign()));
        assertEquals(RejectReason.SIGNATURE, e.reason());
    }
}
