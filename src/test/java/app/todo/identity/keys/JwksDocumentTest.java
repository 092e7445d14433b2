package app.todo.identity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;

import app.todo.identity.keys.JwksDocument.JwksKey;
import app.todo.support.SigningKey;

/** Parsing a JWKS: which entries become keys, for which algorithms, and which are ignored and why. */
class JwksDocumentTest {

    private static final List<SigningKey> KEYS = SigningKey.everyAlgorithm("k-");

    @Test
    void everyKindBetterAuthPublishesIsUsableForItsAlgorithm() throws IOException {
        JwksDocument document = JwksDocument.parse(SigningKey.jwks(KEYS));
        assertEquals(List.of(), document.ignored());
        assertEquals(5, document.keys().size());
        for (int i = 0; i < KEYS.size(); i++) {
            JwksKey key = document.keys().get(i);
            assertEquals(KEYS.get(i).kid(), key.kid());
            assertEquals(Set.of(KEYS.get(i).alg()), key.algorithms(), key.kid());
            assertEquals(KEYS.get(i).pair().getPublic(), key.key());
        }
    }

    @Test
    void theBetterAuthDefaultShape() throws IOException {
        String x = (String) KEYS.get(0).publicJwk().toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).get("x");
        JwksDocument document = JwksDocument.parse(
                "{\"keys\":[{\"alg\":\"EdDSA\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"kty\":\"OKP\",\"kid\":\"Hx4Xb2\"}]}");
        assertEquals(Set.of("EdDSA"), document.keys().get(0).algorithms());
        assertEquals("Hx4Xb2", document.keys().get(0).kid());
    }

    @Test
    void anRsaKeyWithoutAlgMemberServesRs256AndPs256() throws IOException {
        JwksDocument document = JwksDocument.parse(SigningKey.jwks(List.of(KEYS.get(3).withoutAlgMember())));
        assertEquals(Set.of("RS256", "PS256"), document.keys().get(0).algorithms());
    }

    @Test
    void keysWithoutAlgMemberFitByTheirCurve() throws IOException {
        JwksDocument document = JwksDocument.parse(SigningKey.jwks(List.of(
                KEYS.get(0).withoutAlgMember(), KEYS.get(1).withoutAlgMember(), KEYS.get(2).withoutAlgMember())));
        assertEquals(List.of(Set.of("EdDSA"), Set.of("ES256"), Set.of("ES512")),
                document.keys().stream().map(JwksKey::algorithms).toList());
    }

    @Test
    void ignoresWhatMustNotVerifyAndSaysWhy() throws Exception {
        String ed = entry(KEYS.get(0), Map.of());
        String rsa = entry(KEYS.get(3), Map.of());
        String json = "{\"keys\":["
                + String.join(",",
                        entry(KEYS.get(0), Map.of("kid", "")),
                        entry(KEYS.get(0), Map.of("use", "enc")),
                        entry(KEYS.get(0), Map.of("key_ops", List.of("encrypt"))),
                        entry(KEYS.get(0), Map.of("d", "AAAA")),
                        "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}",
                        "{\"kty\":\"oct\",\"kid\":\"hmac2\"}",
                        entry(KEYS.get(0), Map.of("alg", "ES256")),
                        entry(KEYS.get(3), Map.of("alg", "RS384")),
                        entry(KEYS.get(1), Map.of("alg", "ES512")),
                        jwk(ec("secp384r1"), "p384"),
                        jwk(rsa(1024), "rsa1024"),
                        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\",\"kid\":\"broken\"}",
                        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"no-coordinates\"}",
                        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"off-curve\",\"x\":\"" + "A".repeat(42) + "Q\",\"y\":\"" + "A".repeat(42) + "Q\"}",
                        "\"not an object\"",
                        entry(KEYS.get(0), Map.of("kid", "bad\u0001kid" + "x".repeat(100), "use", "enc")),
                        ed, rsa)
                + "]}";
        JwksDocument document = JwksDocument.parse(json);
        assertEquals(List.of(KEYS.get(0).kid(), KEYS.get(3).kid()), document.keys().stream().map(JwksKey::kid).toList());
        List<String> ignored = document.ignored();
        assertEquals(16, ignored.size(), ignored::toString);
        assertContains(ignored, "kid=off-curve kty=EC: not a valid public key");
        assertContains(ignored, "kid= kty=OKP: no kid");
        assertContains(ignored, "use is not sig");
        assertContains(ignored, "key_ops does not allow verify");
        assertContains(ignored, "kid=hmac kty=oct: contains private or symmetric key material");
        assertContains(ignored, "kid=hmac2 kty=oct: unsupported kty");
        assertContains(ignored, "kid=" + KEYS.get(0).kid() + " kty=OKP: its alg does not fit the key");
        assertContains(ignored, "alg outside the allow-list");
        assertContains(ignored, "kid=p384 kty=EC: curve or key size not supported");
        assertContains(ignored, "kid=rsa1024 kty=RSA: curve or key size not supported");
        assertContains(ignored, "kid=broken kty=OKP: not a valid public key");
        assertContains(ignored, "entry 14: not a JSON object");
        assertTrue(ignored.stream().noneMatch(line -> line.contains("\u0001")), "no control characters in log lines");
        assertTrue(ignored.stream().noneMatch(line -> line.contains("x".repeat(70))), "long kids are cut");
    }

    @Test
    void somethingThatIsNotAJwksIsAnError() {
        assertThrows(IOException.class, () -> JwksDocument.parse("<html>"));
        assertThrows(IOException.class, () -> JwksDocument.parse("[]"));
        assertThrows(IOException.class, () -> JwksDocument.parse("{\"keys\":{}}"));
        assertThrows(IOException.class, () -> JwksDocument.parse("{}"));
    }

    @Test
    void anEmptySetParsesToNoKeys() throws IOException {
        assertEquals(List.of(), JwksDocument.parse("{\"keys\":[]}").keys());
    }

    private static void assertContains(List<String> lines, String part) {
        assertTrue(lines.stream().anyMatch(line -> line.contains(part)), () -> "'" + part + "' in " + lines);
    }

    /** The public JWK of a key, with members replaced or added. */
    private static String entry(SigningKey key, Map<String, Object> changes) throws Exception {
        Map<String, Object> params = key.publicJwk().toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        params.putAll(changes);
        return JsonUtil.toJson(params);
    }

    private static String jwk(java.security.PublicKey key, String kid) throws Exception {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
        jwk.setKeyId(kid);
        return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static java.security.PublicKey ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair().getPublic();
    }

    private static java.security.PublicKey rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair().getPublic();
    }
}
