package app.todo.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import app.todo.support.SigningKey;
import app.todo.support.Tokens;
import app.todo.identity.keys.JwksKeys;
import app.todo.identity.keys.SharedSecrets;
import app.todo.identity.token.ClaimRules;
import app.todo.identity.token.TokenPolicy;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;
import app.todo.identity.token.TokenVerifier;

/**
 * The cost of one token check per algorithm: the whole {@link TokenVerifier#verify} path (form,
 * header, key lookup in the JWKS snapshot, signature, claims), nothing cached between calls.
 * Run: {@code mvn -B -Pbench test -Djmh.args="-f 1 -wi 3 -i 5 -w 1s -r 1s"} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerifierBenchmark {

    @Param({"HS256", "EdDSA", "ES256", "ES512", "RS256", "PS256"})
    public String alg;

    private TokenVerifier verifier;
    private String token;
    /** For a refetch owed to an unknown kid; the benchmark's tokens name known kids, so it stays idle. */
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @Setup
    public void setUp() throws TokenRejectedException {
        List<SigningKey> keys = SigningKey.everyAlgorithm("bench-");
        String jwks = SigningKey.jwks(keys);
        JwksKeys jwksKeys = new JwksKeys(new JwksKeys.Source() {
            @Override
            public String fetch() {
                return jwks;
            }

            @Override
            public String describe() {
                return "benchmark";
            }
        }, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofSeconds(5), scheduler);
        jwksKeys.refresh();
        TokenPolicy policy = new TokenPolicy(Set.of(Tokens.BETTER_AUTH_URL, Tokens.ISSUER),
                Set.of(Tokens.BETTER_AUTH_URL, Tokens.AUDIENCE), TokenPolicy.DEFAULT_LEEWAY, TokenPolicy.DEFAULT_MAX_LIFETIME);
        verifier = new TokenVerifier(List.of(new SharedSecrets(Tokens.SECRET, null), jwksKeys),
                new ClaimRules(policy, Clock.systemUTC()));
        long now = Tokens.now();
        Tokens claims = alg.equals("HS256")
                ? Tokens.forUser("usr_bench").claim("email", "usr_bench@example.com")
                : Tokens.betterAuth(keys.stream().filter(k -> k.alg().equals(alg)).findFirst().orElseThrow(), "usr_bench");
        // Valid for the whole run, however long.
        token = claims.claim("iat", now).claim("exp", now + 20 * 3600).sign();
        verifier.verify(token);
    }

    @TearDown
    public void tearDown() {
        scheduler.shutdownNow();
    }

    @Benchmark
    public TokenPrincipal verify() throws TokenRejectedException {
        return verifier.verify(token);
    }
}
