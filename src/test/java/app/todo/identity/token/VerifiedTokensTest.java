package app.todo.identity.token;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import app.todo.support.MutableClock;
import app.todo.support.Tokens;
import app.todo.identity.keys.SharedSecrets;

class VerifiedTokensTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    private final TokenVerifier verifier = TokenVerifierTest.verifier(Tokens.SECRET, null);

    private VerifiedTokens cache(int size) {
        return cache(size, Duration.ofSeconds(60));
    }

    private VerifiedTokens cache(int size, Duration maxAge) {
        return new VerifiedTokens(size, maxAge, Duration.ofSeconds(60), clock);
    }

    @Test
    void aVerifiedTokenIsRememberedForAtMostTheMaximumAge() throws Exception {
        VerifiedTokens cache = cache(10);
        String token = Tokens.forUser("u").sign();
        TokenPrincipal principal = verifier.verify(token);
        cache.put(token, principal);
        assertSame(principal, cache.get(token));
        clock.advance(Duration.ofSeconds(61));
        assertNull(cache.get(token), "forgotten after the maximum age: the full check runs again");
    }

    @Test
    void anEntryNeverOutlivesItsTokenPlusLeeway() throws Exception {
        VerifiedTokens cache = cache(10, Duration.ofMinutes(10));
        long now = clock.instant().getEpochSecond();
        String token = Tokens.forUser("u").claim("iat", now - 100).claim("exp", now + 5).sign();
        TokenPrincipal principal = new TokenVerifier(java.util.List.of(new SharedSecrets(Tokens.SECRET, null)),
                new ClaimRules(new TokenPolicy(Set.of(Tokens.ISSUER), Set.of(Tokens.AUDIENCE), Duration.ofSeconds(60),
                        Duration.ofHours(24)), clock)).verify(token);
        cache.put(token, principal);
        clock.advance(Duration.ofSeconds(64));
        assertSame(principal, cache.get(token), "within exp + leeway");
        clock.advance(Duration.ofSeconds(2));
        assertNull(cache.get(token), "after exp + leeway, exactly when the full check would refuse it");
    }

    @Test
    void sizeZeroTurnsItOffAndAFullCacheStartsOver() throws Exception {
        VerifiedTokens off = cache(0);
        String token = Tokens.forUser("u").sign();
        off.put(token, verifier.verify(token));
        assertNull(off.get(token));

        VerifiedTokens small = cache(2);
        String a = Tokens.forUser("a").sign();
        String b = Tokens.forUser("b").sign();
        String c = Tokens.forUser("c").sign();
        small.put(a, verifier.verify(a));
        small.put(b, verifier.verify(b));
        small.put(c, verifier.verify(c));
        assertNull(small.get(a));
        assertSame(small.get(c), small.get(c));
    }

}
