package app.todo.support;

import static app.todo.identity.token.RejectReason.ALGORITHM;
import static app.todo.identity.token.RejectReason.HEADER;
import static app.todo.identity.token.RejectReason.KEY;
import static app.todo.identity.token.RejectReason.MALFORMED;
import static app.todo.identity.token.RejectReason.SIGNATURE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignatureAlgorithm;

import app.todo.support.HostileTokens.Case;

/**
 * Tokens that must be refused by a service whose JWKS publishes {@code published} (one key per
 * algorithm, as {@link SigningKey#everyAlgorithm}): each wrong in exactly one way, and none of them
 * naming an unknown kid, so none may make the service fetch its JWKS again.
 */
public final class JwksHostileTokens {

    private JwksHostileTokens() {
    }

    /** @param published the keys the JWKS serves, in the order of everyAlgorithm; {@code attacker} a key it does not */
    public static List<Case> refused(List<SigningKey> published, SigningKey attacker) {
        SigningKey ed = published.get(0);
        SigningKey es256 = published.get(1);
        SigningKey es512 = published.get(2);
        SigningKey rs256 = published.get(3);
        SigningKey ps256 = published.get(4);
        String user = "u_jwks_hostile";
        List<Case> cases = new ArrayList<>();

        // the alg must fit the key that the kid names
        cases.add(new Case("ES256 alg on the kid of an RSA key", KEY, Tokens.betterAuth(es256, user).header("kid", rs256.kid()).sign()));
        cases.add(new Case("RS256 alg on the kid of the Ed25519 key", KEY, Tokens.betterAuth(rs256, user).header("kid", ed.kid()).sign()));
        cases.add(new Case("EdDSA alg on the kid of the P-256 key", KEY, Tokens.betterAuth(ed, user).header("kid", es256.kid()).sign()));
        cases.add(new Case("ES512 alg on the kid of the P-256 key", KEY, Tokens.betterAuth(es512, user).header("kid", es256.kid()).sign()));
        cases.add(new Case("ES256 alg on the kid of the P-521 key", KEY, Tokens.betterAuth(es256, user).header("kid", es512.kid()).sign()));
        cases.add(new Case("PS256 alg on an RSA key published for RS256", KEY, Tokens.betterAuth(ps256, user).header("kid", rs256.kid()).sign()));
        cases.add(new Case("RS256 alg on an RSA key published for PS256", KEY, Tokens.betterAuth(rs256, user).header("kid", ps256.kid()).sign()));

        // a public key is never an HMAC secret
        cases.add(new Case("HS256 keyed with the RSA key's JWK and its kid", SIGNATURE, hmacWith(rs256, rs256.publicJwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
        cases.add(new Case("HS256 keyed with the RSA key's PEM and its kid", SIGNATURE, hmacWith(rs256, pem(rs256))));
        cases.add(new Case("HS256 keyed with the P-256 key's PEM and its kid", SIGNATURE, hmacWith(es256, pem(es256))));
        cases.add(new Case("HS256 keyed with the Ed25519 key's x and its kid", SIGNATURE, hmacWith(ed, (String) ed.publicJwk().toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).get("x"))));

        // keys named by the token itself are never fetched or trusted
        cases.add(new Case("jku to the attacker's JWKS", HEADER, Tokens.betterAuth(attacker, user).header("jku", "http://127.0.0.1:9/jwks").sign()));
        cases.add(new Case("x5u to the attacker's certificate", HEADER, Tokens.betterAuth(attacker, user).header("x5u", "http://127.0.0.1:9/cert.pem").sign()));
        cases.add(new Case("jwk header with the attacker's key", HEADER, Tokens.betterAuth(attacker, user)
                .header("jwk", attacker.publicJwk().toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)).sign()));
        cases.add(new Case("x5c header with the attacker's certificate", HEADER, Tokens.betterAuth(attacker, user)
                .header("x5c", List.of(Base64.getEncoder().encodeToString(attacker.pair().getPublic().getEncoded()))).sign()));
        cases.add(new Case("jku beside a published kid", HEADER, Tokens.betterAuth(ed, user).header("jku", "http://127.0.0.1:9/jwks").sign()));

        // algorithms outside the allow-list, even with a fitting key
        cases.add(new Case("alg ES384", ALGORITHM, signedAs(es256, user, "ES384")));
        cases.add(new Case("alg RS512", ALGORITHM, signedAs(rs256, user, "RS512")));
        cases.add(new Case("alg PS384", ALGORITHM, signedAs(ps256, user, "PS384")));
        cases.add(new Case("alg ES256K", ALGORITHM, signedAs(es256, user, "ES256K")));
        cases.add(new Case("alg Ed25519 (fully specified name)", ALGORITHM, signedAs(ed, user, "Ed25519")));
        cases.add(new Case("alg none with a published kid", MALFORMED, unsigned(Tokens.betterAuth(ed, user).header("alg", "none"))));

        // kid and signature
        cases.add(new Case("EdDSA without kid", HEADER, Tokens.betterAuth(ed, user).header("kid", null).sign()));
        cases.add(new Case("kid not a string", HEADER, Tokens.betterAuth(ed, user).header("kid", 7).sign()));
        cases.add(new Case("another key under a published kid", SIGNATURE, Tokens.betterAuth(attacker, user).header("alg", ed.alg()).header("kid", ed.kid()).sign()));
        cases.add(new Case("EdDSA signature of another payload", SIGNATURE, swapPayload(Tokens.betterAuth(ed, user).sign(), Tokens.betterAuth(ed, "u_other").sign())));
        cases.add(new Case("ES256 signature in DER instead of R||S", SIGNATURE, derSignature(es256, user)));
        return cases;
    }

    /** HS256 with this text as the secret and the kid of a published public key. */
    private static String hmacWith(SigningKey key, String secretText) {
        return Tokens.betterAuth(key, "u_jwks_hostile").header("alg", "HS256").secret(secretText).sign();
    }

    private static String pem(SigningKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.pair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String unsigned(Tokens token) {
        return b64(token.headerJson()) + "." + b64(token.claimsJson()) + ".";
    }

    private static String swapPayload(String token, String other) {
        String[] a = token.split("\\.");
        String[] b = other.split("\\.");
        return a[0] + "." + b[1] + "." + a[2];
    }

    /** An ES256 token whose signature is the JDK's DER encoding, which JWS does not allow. */
    private static String derSignature(SigningKey key, String user) {
        Tokens token = Tokens.betterAuth(key, user);
        String input = b64(token.headerJson()) + "." + b64(token.claimsJson());
        try {
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.pair().getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A valid signature by a published key, under a header that names another alg. */
    private static String signedAs(SigningKey key, String user, String headerAlg) {
        Tokens token = Tokens.betterAuth(key, user).header("alg", headerAlg);
        String input = b64(token.headerJson()) + "." + b64(token.claimsJson());
        try {
            JsonWebSignatureAlgorithm algorithm = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(key.alg());
            byte[] signature = algorithm.sign(algorithm.prepareForSign(key.pair().getPrivate(), new ProviderContext()),
                    input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
