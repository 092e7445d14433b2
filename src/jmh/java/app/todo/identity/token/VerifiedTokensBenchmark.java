package app.todo.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import app.todo.support.Tokens;

/**
 * The verified-token cache on the request path: today's {@link VerifiedTokens} (a ConcurrentHashMap that
 * starts over when full) against a Caffeine cache with the same bounds (maximum size, per-entry expiry at
 * min(exp + leeway, now + max age)) and proper eviction. {@code hit}: a token remembered; {@code churn}: a
 * new token each call into a full cache (a put and an eviction each time).
 * Run: {@code mvn -B -Pbench test -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s VerifiedTokensBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class VerifiedTokensBenchmark {

    static final int SIZE = 10_000;

    @Param({"map", "caffeine"})
    public String impl;

    private final Clock clock = Clock.systemUTC();
    private final String[] tokens = new String[SIZE];
    private TokenPrincipal principal;
    private VerifiedTokens map;

    record Held(TokenPrincipal principal, Instant until) {
    }

    private Cache<String, Held> caffeineHeld;

    @Setup
    public void setUp() throws TokenRejectedException {
        TokenVerifier verifier = TokenVerifierTest.verifier(Tokens.SECRET, null);
        String token = Tokens.forUser("u").sign();
        principal = verifier.verify(token);
        map = new VerifiedTokens(SIZE, Duration.ofSeconds(60), Duration.ofSeconds(60), clock);
        caffeineHeld = Caffeine.newBuilder().maximumSize(SIZE).expireAfter(new Expiry<String, Held>() {
            @Override
            public long expireAfterCreate(String key, Held value, long currentTime) {
                return Math.max(0, Duration.between(clock.instant(), value.until()).toNanos());
            }

            @Override
            public long expireAfterUpdate(String key, Held value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(String key, Held value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
        for (int i = 0; i < SIZE; i++) {
            tokens[i] = token + i;   // distinct keys of a token's length
            put(tokens[i]);
        }
    }

    private void put(String token) {
        if (impl.equals("map")) {
            map.put(token, principal);
        } else {
            Instant now = clock.instant();
            Instant expiry = principal.expiresAt().plusSeconds(60);
            Instant until = expiry.isBefore(now.plusSeconds(60)) ? expiry : now.plusSeconds(60);
            caffeineHeld.put(token, new Held(principal, until));
        }
    }

    private TokenPrincipal get(String token) {
        if (impl.equals("map")) {
            return map.get(token);
        }
        Held held = caffeineHeld.getIfPresent(token);
        return held == null || clock.instant().isAfter(held.until()) ? null : held.principal();
    }

    @Benchmark
    public TokenPrincipal hit() {
        return get(tokens[ThreadLocalRandom.current().nextInt(SIZE)]);
    }

    @Benchmark
    public TokenPrincipal churn() {
        String token = tokens[ThreadLocalRandom.current().nextInt(SIZE)] + "x" + ThreadLocalRandom.current().nextInt(1 << 20);
        TokenPrincipal known = get(token);
        if (known == null) {
            put(token);
        }
        return known;
    }
}
