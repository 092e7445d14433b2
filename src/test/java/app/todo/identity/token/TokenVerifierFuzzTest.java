package app.todo.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import app.todo.identity.cli.TokenMinter;
import app.todo.support.Tokens;

/**
 * The token verifier fuzzed without a server: random texts, valid tokens mutated a character at a time,
 * and arbitrary header and payload JSON under a valid HS256 signature (so the input reaches the claim
 * checks). Invariant: a principal, or a {@link TokenRejectedException} with its reason; nothing else
 * escapes (it would be a 500), and each input is decided within {@link #BOUND}.
 * Budget: jqwik's tries per property (below), a few seconds in all.
 */
class TokenVerifierFuzzTest {

    static final Duration BOUND = Duration.ofSeconds(2);

    private final TokenVerifier verifier = TokenVerifierTest.verifier(Tokens.SECRET, null);
    private final TokenMinter minter = new TokenMinter(Tokens.SECRET, Tokens.ISSUER, Tokens.AUDIENCE);

    /** The refusal's reason, or null when the token was accepted. */
    RejectReason outcome(String token) {
        return assertTimeoutPreemptively(BOUND, () -> {
            try {
                verifier.verify(token);
                return null;
            } catch (TokenRejectedException e) {
                return e.reason();
            }
        }, () -> "no decision within " + BOUND);
    }

    // Regression cases: shapes that once escaped a parser, or could.

    @Example
    void deeplyNestedHeaderJsonIsDecided() {
        String deep = "{\"alg\":\"HS256\",\"x\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}";
        outcome(minter.sign(deep, Tokens.forUser("u").claimsJson()));
    }

    @Example
    void unclosedPayloadJsonIsMalformed() {
        assertEquals(RejectReason.MALFORMED, outcome(minter.sign("{\"alg\":\"HS256\"}", "{\"sub\":\"u\",\"x\":[")));
    }

    @Example
    void aHugeNumberClaimIsRefusedNotThrown() {
        String payload = Tokens.forUser("u").claim("exp", new java.math.BigDecimal("1e400")).claimsJson();
        assertNotNull(outcome(minter.sign("{\"alg\":\"HS256\"}", payload)));
    }

    @Property(tries = 500)
    void anyTextIsDecided(@ForAll("tokenish") String token) {
        outcome(token);
    }

    @Property(tries = 500)
    void aMutatedValidTokenIsDecided(@ForAll @IntRange(min = 0, max = 100_000) int at, @ForAll("tokenChars") char c,
                                     @ForAll("edits") int edit) {
        String token = Tokens.forUser("u_fuzz").claim("email", "u@example.com").sign();
        int i = at % token.length();
        String mutated = switch (edit) {
            case 0 -> token.substring(0, i) + c + token.substring(i + 1);
            case 1 -> token.substring(0, i) + c + token.substring(i);
            default -> token.substring(0, i) + token.substring(i + 1);
        };
        RejectReason reason = outcome(mutated);
        if (!mutated.equals(token)) {
            // a changed text never verifies: one token text per signed content
            assertNotNull(reason, () -> "accepted a changed token: " + mutated);
        }
    }

    @Property(tries = 500)
    void anySignedHeaderAndPayloadIsDecided(@ForAll("headers") String header, @ForAll("payloads") String payload) {
        outcome(minter.sign(header, payload));
    }

    @Provide
    Arbitrary<String> tokenish() {
        Arbitrary<String> part = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.")
                .ofMaxLength(200);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(9_000), part,
                Combinators.combine(part, part, part).as((a, b, c) -> a + "." + b + "." + c));
    }

    @Provide
    Arbitrary<Character> tokenChars() {
        return Arbitraries.oneOf(Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/."),
                Arbitraries.chars());
    }

    @Provide
    Arbitrary<Integer> edits() {
        return Arbitraries.of(0, 1, 2);
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(json(), Arbitraries.of(List.of("{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"alg\":\"none\"}", "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{\"alg\":\"HS256\",\"kid\":{}}")));
    }

    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> claimValue = Arbitraries.oneOf(json(), Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("1e400", "-0", "1.5", "\"\"", "null", "true", "[]", "{}", "9223372036854775808"));
        Arbitrary<String> claimName = Arbitraries.of("sub", "user_id", "iss", "aud", "exp", "iat", "nbf", "jti", "email", "groups", "role");
        Arbitrary<String> member = Combinators.combine(claimName, claimValue).as((n, v) -> "\"" + n + "\":" + v);
        return Arbitraries.oneOf(json(),
                member.list().ofMaxSize(8).map(m -> "{" + String.join(",", m) + "}"),
                member.list().ofMaxSize(8).map(m -> "{\"sub\":\"u\",\"iss\":\"better-auth\",\"aud\":\"todo-app\","
                        + "\"iat\":" + (Tokens.now() - 5) + ",\"exp\":" + (Tokens.now() + 60) + (m.isEmpty() ? "" : ",") + String.join(",", m) + "}"));
    }

    /** Arbitrary JSON-ish text: well-formed, truncated, unbalanced, deeply nested. */
    static Arbitrary<String> json() {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.of("1", "-1.5e10", "true", "false", "null", "\"\\ud800\"", "\"\\u0000\""));
        Arbitrary<String> nested = Arbitraries.integers().between(1, 2_000).map(n -> "[".repeat(n) + "]".repeat(n));
        Arbitrary<String> unbalanced = Arbitraries.integers().between(1, 2_000).map(n -> "{\"a\":" + "[".repeat(n));
        Arbitrary<String> noise = Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+truefalsnl \\").ofMaxLength(300);
        return Arbitraries.oneOf(scalar, nested, unbalanced, noise,
                scalar.list().ofMaxSize(5).map(l -> "{" + String.join(",", l.stream().map(v -> "\"k" + v.hashCode() + "\":" + v).toList()) + "}"));
    }
}
