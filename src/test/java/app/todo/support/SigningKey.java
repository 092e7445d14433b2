package app.todo.support;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * A freshly generated key pair as a Better Auth server would hold it: the private key signs test
 * tokens, the public half goes into a JWKS under its kid (with its alg member, as Better Auth publishes).
 */
public record SigningKey(String kid, String alg, KeyPair pair, boolean publishAlg) {

    public static SigningKey ed25519(String kid) {
        return generate(kid, "EdDSA", "Ed25519", null);
    }

    public static SigningKey es256(String kid) {
        return generate(kid, "ES256", "EC", "secp256r1");
    }

    public static SigningKey es512(String kid) {
        return generate(kid, "ES512", "EC", "secp521r1");
    }

    public static SigningKey rs256(String kid) {
        return generate(kid, "RS256", "RSA", null);
    }

    public static SigningKey ps256(String kid) {
        return generate(kid, "PS256", "RSA", null);
    }

    /** One key of every algorithm Better Auth can sign with, kids prefixed so two sets never share one by accident. */
    public static List<SigningKey> everyAlgorithm(String kidPrefix) {
        return List.of(ed25519(kidPrefix + "ed25519"), es256(kidPrefix + "es256"), es512(kidPrefix + "es512"),
                rs256(kidPrefix + "rs256"), ps256(kidPrefix + "ps256"));
    }

    /** The same key, published without an alg member. */
    public SigningKey withoutAlgMember() {
        return new SigningKey(kid, alg, pair, false);
    }

    /** The public JWK, e.g. {@code {"kty":"OKP","crv":"Ed25519","x":…,"kid":…,"alg":"EdDSA"}}. */
    public PublicJsonWebKey publicJwk() {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setKeyId(kid);
            if (publishAlg) {
                jwk.setAlgorithm(alg);
            }
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWKS document of the public halves, as Better Auth serves it at /api/auth/jwks. */
    public static String jwks(List<SigningKey> keys) {
        List<JsonWebKey> jwks = new ArrayList<>();
        keys.forEach(k -> jwks.add(k.publicJwk()));
        return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static SigningKey generate(String kid, String alg, String type, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else if (type.equals("RSA")) {
                generator.initialize(2048);
            }
            return new SigningKey(kid, alg, generator.generateKeyPair(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return alg + " " + kid;
    }
}
