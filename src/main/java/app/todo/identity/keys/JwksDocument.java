package app.todo.identity.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.EllipticCurve;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * A JWKS as published by Better Auth ({@code {"keys":[…]}}), reduced to the public signing keys we
 * may use. An entry is ignored, with a reason, when it has no kid, a use other than sig, key_ops
 * without verify, private key material, an unsupported kty or curve, an RSA modulus under 2048
 * bits, or an alg that does not fit the key. One bad entry never spoils the others. Which algorithms a key may
 * verify is decided by the key itself (kty, crv, size), never by the token: EdDSA only with Ed25519, ES256 only with
 * P-256, ES512 only with P-521, RS256 and PS256 only with RSA of at least 2048 bits.
 */
public record JwksDocument(List<JwksKey> keys, List<String> ignored) {

    /** The asymmetric algorithms accepted with a JWKS; together with HS256 the whole allow-list. */
    public static final Set<String> ALGORITHMS = Set.of("EdDSA", "ES256", "ES512", "RS256", "PS256");
    public static final int MIN_RSA_BITS = 2048;

    /** Members that only a private (or symmetric) JWK has; such an entry is never used. */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final Set<String> KEY_TYPES = Set.of("OKP", "EC", "RSA");
    private static final int MAX_LABEL = 64;
    private static final int ED25519_KEY_BYTES = 32;

    /** One usable public key and the algorithms it may verify. */
    public record JwksKey(String kid, PublicKey key, Set<String> algorithms) {
    }

    /** Parses the body of a JWKS response; throws when it is not a JWKS at all. */
    public static JwksDocument parse(String json) throws IOException {
        Map<String, Object> parsed;
        try {
            parsed = JsonUtil.parseJson(json);
        } catch (JoseException | RuntimeException e) {
            throw new IOException("the JWKS is not a JSON object");
        }
        if (parsed == null || !(parsed.get("keys") instanceof List<?> entries)) {
            throw new IOException("the JWKS has no keys array");
        }
        List<JwksKey> keys = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            if (!(entry instanceof Map<?, ?> map)) {
                ignored.add("entry " + i + ": not a JSON object");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) map;
            String problem = problem(params);
            if (problem == null) {
                try {
                    keys.add(key(params));
                } catch (IOException e) { // a valid key, but not one we may use
                    problem = e.getMessage();
                } catch (JoseException | RuntimeException e) {
                    problem = "not a valid public key";
                }
            }
            if (problem != null) {
                ignored.add(label(params) + ": " + problem);
            }
        }
        return new JwksDocument(List.copyOf(keys), List.copyOf(ignored));
    }

    /** Why an entry cannot be a signing key for us, judged on its members alone; null when it may be. */
    private static String problem(Map<String, Object> params) {
        if (!(params.get("kid") instanceof String kid) || kid.isEmpty()) {
            return "no kid, so no token could ever name it";
        }
        Object use = params.get("use");
        if (use != null && !"sig".equals(use)) {
            return "use is not sig";
        }
        Object ops = params.get("key_ops");
        if (ops != null && !(ops instanceof List<?> list && list.contains("verify"))) {
            return "key_ops does not allow verify";
        }
        for (String member : PRIVATE_MEMBERS) {
            if (params.containsKey(member)) {
                return "contains private or symmetric key material";
            }
        }
        if (!(params.get("kty") instanceof String kty) || !KEY_TYPES.contains(kty)) {
            return "unsupported kty";
        }
        Object alg = params.get("alg");
        if (alg != null && !ALGORITHMS.contains(alg)) {
            return "alg outside the allow-list";
        }
        return null;
    }

    private static JwksKey key(Map<String, Object> params) throws JoseException, IOException {
        if ("Ed25519".equals(params.get("crv")) && !(params.get("x") instanceof String x && ed25519Sized(x))) {
            // The JDK builds an Ed25519 key from any number of bytes; only 32 are a key.
            throw new IOException("not a valid public key");
        }
        JsonWebKey jwk = JsonWebKey.Factory.newJwk(new HashMap<>(params));
        if (jwk instanceof EllipticCurveJsonWebKey ec && !onCurve(ec.getECPublicKey())) {
            throw new IOException("not a valid public key");
        }
        Set<String> fitting = algorithmsOf(jwk);
        if (fitting.isEmpty()) {
            throw new IOException("curve or key size not supported");
        }
        String alg = jwk.getAlgorithm();
        if (alg != null) {
            if (!fitting.contains(alg)) {
                throw new IOException("its alg does not fit the key");
            }
            // A key published for one algorithm is used with that one only (RS256 and PS256 share RSA keys).
            fitting = Set.of(alg);
        }
        return new JwksKey(jwk.getKeyId(), jwk.getPublicKey(), fitting);
    }

    /** The algorithms this key can verify, ignoring its own alg member; empty for any other kind of key. */
    private static Set<String> algorithmsOf(JsonWebKey jwk) {
        if (jwk instanceof OctetKeyPairJsonWebKey okp) {
            return OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(okp.getSubtype()) ? Set.of("EdDSA") : Set.of();
        }
        if (jwk instanceof EllipticCurveJsonWebKey ec) {
            String curve = ec.getCurveName();
            return "P-256".equals(curve) ? Set.of("ES256") : "P-521".equals(curve) ? Set.of("ES512") : Set.of();
        }
        if (jwk instanceof RsaJsonWebKey rsa) {
            return rsa.getRsaPublicKey().getModulus().bitLength() >= MIN_RSA_BITS ? Set.of("RS256", "PS256") : Set.of();
        }
        return Set.of();
    }

    /** y² = x³ + ax + b (mod p): jose4j builds EC keys from any coordinates. */
    private static boolean onCurve(ECPublicKey key) {
        EllipticCurve curve = key.getParams().getCurve();
        if (!(curve.getField() instanceof ECFieldFp field)) {
            return false;
        }
        BigInteger p = field.getP();
        BigInteger x = key.getW().getAffineX();
        BigInteger y = key.getW().getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static boolean ed25519Sized(String x) {
        try {
            return Base64.getUrlDecoder().decode(x).length == ED25519_KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Names an entry in a log line: its kid and kty, cut short and without control characters. */
    private static String label(Map<String, Object> params) {
        return "kid=" + printable(params.get("kid")) + " kty=" + printable(params.get("kty"));
    }

    private static String printable(Object value) {
        if (!(value instanceof String s)) {
            return value == null ? "-" : "?";
        }
        String clean = s.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > MAX_LABEL ? clean.substring(0, MAX_LABEL) + "…" : clean;
    }
}
