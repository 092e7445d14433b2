package app.todo.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import app.todo.support.SigningKey;
import app.todo.support.Tokens;
import app.todo.identity.keys.JwksKeys;

/**
 * One token text per signed content (RFC 7515 §5.2, RFC 7518 §3): every algorithm accepts its signature
 * only in its exact encoding and length, so a byte added, removed or re-encoded is a refused token
 * ({@code reason=signature}), never a second valid text for the cache and revocations to miss.
 */
class SignatureFormTest {

    /** Every key is published, so no unknown kid ever schedules a refetch on this (daemon) scheduler. */
    private static final TokenVerifier VERIFIER = JwksVerifierTest.verifier(new JwksKeys.Source() {
        @Override
        public String fetch() throws IOException {
            return SigningKey.jwks(JwksVerifierTest.PUBLISHED);
        }

        @Override
        public String describe() {
            return "published keys";
        }
    }, Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signature-form-test");
        t.setDaemon(true);
        return t;
    }));

    record Variant(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Variant> variants() {
        List<String[]> tokens = new ArrayList<>();
        tokens.add(new String[] {"HS256", Tokens.forUser("u").sign()});
        for (SigningKey key : JwksVerifierTest.PUBLISHED) {
            tokens.add(new String[] {key.alg(), Tokens.betterAuth(key, "u").sign()});
        }
        List<Variant> variants = new ArrayList<>();
        for (String[] t : tokens) {
            String alg = t[0];
            String token = t[1];
            variants.add(new Variant(alg + " with 0x00 appended", resigned(token, s -> concat(s, new byte[] {0}))));
            variants.add(new Variant(alg + " with 0x00 prepended", resigned(token, s -> concat(new byte[] {0}, s))));
            variants.add(new Variant(alg + " with the last byte cut", resigned(token, s -> Arrays.copyOf(s, s.length - 1))));
            variants.add(new Variant(alg + " twice", resigned(token, s -> concat(s, s))));
            if (alg.startsWith("ES")) {
                variants.add(new Variant(alg + " DER-encoded", resigned(token, SignatureFormTest::der)));
            }
        }
        return variants;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aSignatureOfAnyOtherFormIsRefused(Variant variant) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> VERIFIER.verify(variant.token()));
        assertEquals(RejectReason.SIGNATURE, e.reason(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theUnchangedTokenVerifies(Variant variant) throws TokenRejectedException {
        String original = variant.token().substring(0, variant.token().lastIndexOf('.'));
        // the variants share their signing input with a token that verifies: only the signature differs
        assertEquals("u", VERIFIER.verify(original + "." + originals.get(original)).userId());
    }

    private static final java.util.Map<String, String> originals = new java.util.concurrent.ConcurrentHashMap<>();

    private static String resigned(String token, UnaryOperator<byte[]> change) {
        int dot = token.lastIndexOf('.');
        originals.put(token.substring(0, dot), token.substring(dot + 1));
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        return token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(change.apply(signature));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] der(byte[] concatenated) {
        try {
            return EcdsaUsingShaAlgorithm.convertConcatenatedToDer(concatenated);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
