package app.todo.support;

import static app.todo.identity.token.RejectReason.*;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.todo.identity.token.RejectReason;
import app.todo.identity.cli.TokenMinter;

/**
 * Tokens that must be refused, each wrong in exactly one way; and tokens that must be accepted,
 * each at one edge of a rule. Shared by the verifier's unit test and the HTTP test.
 */
public final class HostileTokens {

    /** A named token, and the reason it is refused (null for an accepted one). */
    public record Case(String name, RejectReason reason, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileTokens() {
    }

    public static List<Case> refused() {
        String user = "u_hostile";
        long now = Tokens.now();
        String valid = Tokens.forUser(user).sign();
        String[] parts = valid.split("\\.");
        List<Case> cases = new ArrayList<>();

        // form
        cases.add(new Case("empty token", MALFORMED, ""));
        cases.add(new Case("two parts", MALFORMED, parts[0] + "." + parts[1]));
        cases.add(new Case("four parts", MALFORMED, valid + "." + parts[2]));
        cases.add(new Case("bad base64 in payload", MALFORMED, parts[0] + ".e30*." + parts[2]));
        cases.add(new Case("padded base64", MALFORMED, padded(Tokens.forUser(user))));
        cases.add(new Case("standard base64 alphabet", MALFORMED, parts[0] + "." + parts[1] + "." + parts[2].replace('-', '+').replace('_', '/') + "+/"));
        cases.add(new Case("bad JSON payload", MALFORMED, signRaw(Tokens.forUser(user).headerJson(), "{\"sub\":\"u_hostile\",")));
        cases.add(new Case("payload a JSON array", MALFORMED, signRaw(Tokens.forUser(user).headerJson(), "[1,2]")));
        cases.add(new Case("header not JSON", MALFORMED, signRaw("not json", Tokens.forUser(user).claimsJson())));
        cases.add(new Case("9 KiB token", MALFORMED, Tokens.forUser(user).claim("pad", "x".repeat(9 * 1024)).sign()));

        // signature and algorithm
        cases.add(new Case("bad signature", SIGNATURE, parts[0] + "." + parts[1] + "."
                + Tokens.forUser("someone-else").sign().split("\\.")[2]));
        cases.add(new Case("other secret", SIGNATURE, Tokens.forUser(user).secret("another-secret-of-at-least-thirty-two-bytes!").sign()));
        cases.add(new Case("alg none", MALFORMED, unsigned(Tokens.forUser(user).header("alg", "none"))));
        cases.add(new Case("alg HS512", ALGORITHM, signHs512(Tokens.forUser(user).header("alg", "HS512"))));
        cases.add(new Case("alg missing", ALGORITHM, Tokens.forUser(user).header("alg", null).sign()));
        cases.add(new Case("HS256 keyed with a public key", SIGNATURE, Tokens.forUser(user).secret(publicKeyText()).sign()));
        cases.add(new Case("RS256 without a JWKS", ALGORITHM, Tokens.forUser(user).header("alg", "RS256").sign()));

        // header
        cases.add(new Case("unknown crit header", HEADER, Tokens.forUser(user).header("crit", List.of("x-policy")).header("x-policy", 1).sign()));
        cases.add(new Case("jku header", HEADER, Tokens.forUser(user).header("jku", "https://attacker.example/jwks").sign()));
        cases.add(new Case("jwk header", HEADER, Tokens.forUser(user).header("jwk", Map.of("kty", "oct", "k", "AAAA")).sign()));
        cases.add(new Case("x5c header", HEADER, Tokens.forUser(user).header("x5c", List.of("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A")).sign()));
        cases.add(new Case("x5u header", HEADER, Tokens.forUser(user).header("x5u", "https://attacker.example/cert").sign()));
        cases.add(new Case("enc header", HEADER, Tokens.forUser(user).header("enc", "A256GCM").sign()));
        cases.add(new Case("typ not JWT", HEADER, Tokens.forUser(user).header("typ", "at+jwt+other").sign()));

        // time
        cases.add(new Case("expired", EXPIRED, Tokens.forUser(user).claim("iat", now - 720).claim("exp", now - 120).sign()));
        cases.add(new Case("iat in the future", ISSUED_IN_FUTURE, Tokens.forUser(user).claim("iat", now + 300).claim("exp", now + 900).sign()));
        cases.add(new Case("lifetime over 24 h", LIFETIME, Tokens.forUser(user).claim("iat", now - 10).claim("exp", now - 10 + 86_401).sign()));
        cases.add(new Case("nbf in the future", NOT_YET_VALID, Tokens.forUser(user).claim("nbf", now + 300).sign()));
        cases.add(new Case("missing exp", CLAIMS, Tokens.forUser(user).without("exp").sign()));
        cases.add(new Case("missing iat", CLAIMS, Tokens.forUser(user).without("iat").sign()));
        cases.add(new Case("exp as a string", CLAIMS, Tokens.forUser(user).claim("exp", String.valueOf(now + 600)).sign()));

        // issuer, audience, user
        cases.add(new Case("wrong iss", ISSUER, Tokens.forUser(user).claim("iss", "someone-else").sign()));
        cases.add(new Case("missing iss", ISSUER, Tokens.forUser(user).without("iss").sign()));
        cases.add(new Case("wrong aud", AUDIENCE, Tokens.forUser(user).claim("aud", "another-app").sign()));
        cases.add(new Case("aud array without ours", AUDIENCE, Tokens.forUser(user).claim("aud", List.of("a", "b")).sign()));
        cases.add(new Case("no user id", SUBJECT, Tokens.forUser(user).without("sub").sign()));
        cases.add(new Case("sub differs from user_id", SUBJECT, Tokens.forUser(user).claim("user_id", "u_other").sign()));
        cases.add(new Case("empty user id", SUBJECT, Tokens.forUser("").sign()));
        cases.add(new Case("user id of 129 characters", SUBJECT, Tokens.forUser("u".repeat(129)).sign()));
        cases.add(new Case("control character in user id", SUBJECT, Tokens.forUser("u\u0000x").sign()));
        cases.add(new Case("user id not a string", SUBJECT, Tokens.forUser(user).claim("sub", 42).sign()));
        return cases;
    }

    public static List<Case> accepted() {
        long now = Tokens.now();
        return List.of(
                new Case("expired within the leeway", null, Tokens.forUser("u_leeway").claim("iat", now - 600).claim("exp", now - 30).sign()),
                new Case("aud as an array", null, Tokens.forUser("u_aud").claim("aud", List.of("other-app", Tokens.AUDIENCE)).sign()),
                new Case("user_id only", null, Tokens.forUser("u_only").without("sub").claim("user_id", "u_only").sign()),
                new Case("sub only", null, Tokens.forUser("u_sub").sign()),
                new Case("lifetime of exactly 24 h", null, Tokens.forUser("u_day").claim("iat", now - 10).claim("exp", now - 10 + 86_400).sign()),
                new Case("fractional dates", null, Tokens.forUser("u_frac").claim("iat", now - 10.5).claim("exp", now + 600.25).sign()),
                new Case("no typ header", null, Tokens.forUser("u_notyp").header("typ", null).sign()));
    }

    private static String signRaw(String headerJson, String payloadJson) {
        return new TokenMinter(Tokens.SECRET, Tokens.ISSUER, Tokens.AUDIENCE).sign(headerJson, payloadJson);
    }

    private static String padded(Tokens token) {
        for (int i = 0; i < 3 && token.claimsJson().length() % 3 == 0; i++) {
            token.claim("pad", "x".repeat(i + 1));
        }
        String h = Base64.getUrlEncoder().encodeToString(token.headerJson().getBytes(StandardCharsets.UTF_8));
        String p = Base64.getUrlEncoder().encodeToString(token.claimsJson().getBytes(StandardCharsets.UTF_8));
        String input = h + "." + p;
        return input + "." + TokenMinter.base64Url(TokenMinter.hmacSha256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), input));
    }

    private static String unsigned(Tokens token) {
        return TokenMinter.base64Url(token.headerJson().getBytes(StandardCharsets.UTF_8)) + "."
                + TokenMinter.base64Url(token.claimsJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String signHs512(Tokens token) {
        String input = TokenMinter.base64Url(token.headerJson().getBytes(StandardCharsets.UTF_8)) + "."
                + TokenMinter.base64Url(token.claimsJson().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return input + "." + TokenMinter.base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM text of a fresh RSA public key: what an attacker would use as the HMAC secret. */
    private static String publicKeyText() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
