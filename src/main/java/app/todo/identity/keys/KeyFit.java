package app.todo.identity.keys;

import java.util.Set;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * Which JWS algorithms a public key from a JWKS may verify, decided by the key itself (kty, crv,
 * size) and never by the token: EdDSA only with Ed25519, ES256 only with P-256, ES512 only with
 * P-521, RS256 and PS256 only with RSA of at least 2048 bits.
 */
public final class KeyFit {

    public static final String EDDSA = "EdDSA";
    public static final String ES256 = "ES256";
    public static final String ES512 = "ES512";
    public static final String RS256 = "RS256";
    public static final String PS256 = "PS256";

    /** The asymmetric algorithms accepted with a JWKS; together with HS256 the whole allow-list. */
    public static final Set<String> JWKS_ALGORITHMS = Set.of(EDDSA, ES256, ES512, RS256, PS256);

    public static final int MIN_RSA_BITS = 2048;

    private KeyFit() {
    }

    /** The algorithms this key can verify, ignoring its own alg member; empty for any other kind of key. */
    public static Set<String> algorithmsOf(JsonWebKey jwk) {
        if (jwk instanceof OctetKeyPairJsonWebKey okp) {
            return OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(okp.getSubtype()) ? Set.of(EDDSA) : Set.of();
        }
        if (jwk instanceof EllipticCurveJsonWebKey ec) {
            String curve = ec.getCurveName();
            return "P-256".equals(curve) ? Set.of(ES256) : "P-521".equals(curve) ? Set.of(ES512) : Set.of();
        }
        if (jwk instanceof RsaJsonWebKey rsa) {
            return rsa.getRsaPublicKey().getModulus().bitLength() >= MIN_RSA_BITS ? Set.of(RS256, PS256) : Set.of();
        }
        return Set.of();
    }
}
