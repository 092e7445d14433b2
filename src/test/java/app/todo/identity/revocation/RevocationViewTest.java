package app.todo.identity.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import app.todo.identity.keys.SharedSecrets;
import app.todo.identity.token.ClaimRules;
import app.todo.identity.token.TokenPolicy;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenVerifier;
import app.todo.support.Tokens;

class RevocationViewTest {

    private static final long NOW = Instant.now().getEpochSecond();
    private final TokenVerifier verifier = new TokenVerifier(List.of(new SharedSecrets(Tokens.SECRET, null)),
            new ClaimRules(new TokenPolicy(Set.of(Tokens.ISSUER), Set.of(Tokens.AUDIENCE), Duration.ofSeconds(60),
                    Duration.ofHours(24)), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)));
    private final RevocationView view = new RevocationView();

    private TokenPrincipal issuedAt(String user, Object iat) throws Exception {
        return verifier.verify(Tokens.forUser(user).claim("iat", iat).sign());
    }

    @Test
    void aSignOutRefusesTokensIssuedAtOrBeforeItsSecondAndNotLater() throws Exception {
        view.signOut("alice", NOW - 10);
        assertTrue(view.isRevoked(issuedAt("alice", NOW - 11)), "issued before");
        assertTrue(view.isRevoked(issuedAt("alice", NOW - 10)), "issued in the same second: cannot be told apart");
        assertTrue(view.isRevoked(issuedAt("alice", new java.math.BigDecimal((NOW - 10) + ".9"))),
                "a fractional iat within that second too");
        assertFalse(view.isRevoked(issuedAt("alice", NOW - 9)), "issued in the next second: works");
        assertFalse(view.isRevoked(issuedAt("bob", NOW - 20)), "another user's tokens are untouched");
    }

    @Test
    void anEarlierSignOutNeverUndoesALaterOne() throws Exception {
        view.signOut("alice", NOW - 5);
        view.signOut("alice", NOW - 50);
        assertTrue(view.isRevoked(issuedAt("alice", NOW - 6)));
    }

    @Test
    void aRevokedTokenIsRefusedByItsJtiAndOnlyForItsUser() throws Exception {
        TokenPrincipal token = verifier.verify(Tokens.forUser("alice").claim("jti", "t-1").sign());
        assertEquals("jti:t-1", token.revocationKey());
        view.revoke("alice", token.revocationKey(), (NOW + 600) * 1000);
        assertTrue(view.isRevoked(token));
        assertTrue(view.isRevoked(verifier.verify(Tokens.forUser("alice").claim("jti", "t-1").claim("iat", NOW - 3)
                .sign())), "the jti names the token, whatever its text");
        assertFalse(view.isRevoked(verifier.verify(Tokens.forUser("bob").claim("jti", "t-1").sign())),
                "scoped by user: another user's token with the same jti works");
        assertFalse(view.isRevoked(verifier.verify(Tokens.forUser("alice").claim("jti", "t-2").sign())));
    }

    @Test
    void aTokenWithoutJtiIsRevokedByTheDigestOfItsText() throws Exception {
        String text = Tokens.forUser("alice").sign();
        TokenPrincipal token = verifier.verify(text);
        String key = token.revocationKey();
        assertTrue(key.startsWith("sha256:") && key.length() == "sha256:".length() + 43, key);
        assertFalse(key.contains(text.substring(text.lastIndexOf('.') + 1)), "never the token or its signature");
        view.revoke("alice", key, (NOW + 600) * 1000);
        assertTrue(view.isRevoked(verifier.verify(text)), "the same text, verified again");
        assertFalse(view.isRevoked(verifier.verify(Tokens.forUser("alice").claim("iat", NOW - 3).sign())),
                "another token of the same user works");
    }

    @Test
    void purgeDropsOnlyWhatCanNoLongerRefuseAToken() throws Exception {
        Instant now = Instant.ofEpochSecond(NOW);
        view.revoke("alice", "jti:old", now.minusMillis(1).toEpochMilli());
        view.revoke("alice", "jti:live", now.plusSeconds(60).toEpochMilli());
        view.signOut("alice", NOW - 90_000);
        view.signOut("bob", NOW - 10);
        assertEquals(2, view.purge(now, now.minus(Duration.ofHours(24)).minusSeconds(60)));
        assertEquals(1, view.revokedTokens());
        assertEquals(1, view.signOuts());
        assertTrue(view.isRevoked(verifier.verify(Tokens.forUser("alice").claim("jti", "live").sign())));
        assertTrue(view.isRevoked(issuedAt("bob", NOW - 11)));
    }

    @Test
    void noticesCarryBothKindsAndAnythingElseAsksForAReload() throws Exception {
        assertTrue(view.apply("s\t" + (NOW - 10) + "\talice"));
        assertTrue(view.apply("t\t" + (NOW + 60) * 1000 + "\tbob\tjti:with\ttab"));
        assertTrue(view.isRevoked(issuedAt("alice", NOW - 10)));
        assertEquals(1, view.revokedTokens(), "the key is the last field, whatever it holds");
        assertFalse(view.apply("x\t1\tu"));
        assertFalse(view.apply("s\tnot-a-number\tu"));
        assertFalse(view.apply(null));
    }
}
