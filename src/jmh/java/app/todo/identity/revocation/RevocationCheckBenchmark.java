package app.todo.identity.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import app.todo.identity.keys.SharedSecrets;
import app.todo.identity.token.ClaimRules;
import app.todo.identity.token.TokenPolicy;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenVerifier;
import app.todo.identity.token.VerifiedTokens;
import app.todo.support.Tokens;

/**
 * The revocation check every authenticated request pays, cache hit or not: {@link RevocationView#isRevoked} on a
 * view holding 10,000 sign-outs and 100,000 revoked tokens (of 10,000 users), and the whole cache-hit path
 * (VerifiedTokens.get + the check) against the cache hit alone. Cases: a caller with no revocation (the usual one),
 * a caller who signed out before the token was issued and has revoked tokens of their own (both lookups, the
 * digest key memoised), and a revoked token. Run: {@code mvn -B -Pbench test
 * -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s RevocationCheck"} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevocationCheckBenchmark {

    @Param({"clean", "busy-user", "revoked"})
    public String caller;

    private final RevocationView view = new RevocationView();
    private final VerifiedTokens cache = new VerifiedTokens(10_000, Duration.ofSeconds(60), Duration.ofSeconds(60),
            Clock.systemUTC());
    private String token;
    private TokenPrincipal principal;

    @Setup
    public void setUp() throws Exception {
        long now = Tokens.now();
        long until = (now + 3600) * 1000;
        for (int u = 0; u < 10_000; u++) {
            view.signOut("user-" + u, now - 7200);
            for (int t = 0; t < 10; t++) {
                view.revoke("user-" + u, "sha256:" + "k".repeat(36) + u + "-" + t, until);
            }
        }
        TokenVerifier verifier = new TokenVerifier(List.of(new SharedSecrets(Tokens.SECRET, null)),
                new ClaimRules(new TokenPolicy(Set.of(Tokens.ISSUER), Set.of(Tokens.AUDIENCE), Duration.ofSeconds(60),
                        Duration.ofHours(24)), Clock.systemUTC()));
        String user = caller.equals("clean") ? "someone-else" : "user-42";
        token = Tokens.forUser(user).claim("iat", now).claim("exp", now + 20 * 3600).sign();
        principal = verifier.verify(token);
        if (caller.equals("revoked")) {
            view.revoke(user, principal.revocationKey(), until);
        }
        cache.put(token, principal);
        principal.revocationKey(); // memoised, as after the first request
    }

    @Benchmark
    public boolean check() {
        return view.isRevoked(principal);
    }

    @Benchmark
    public boolean cacheHitWithCheck() {
        TokenPrincipal cached = cache.get(token);
        return cached != null && !view.isRevoked(cached);
    }

    @Benchmark
    public TokenPrincipal cacheHitAlone() {
        return cache.get(token);
    }
}
