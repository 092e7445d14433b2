package app.todo.identity.token;

import static app.todo.identity.token.RejectReason.ALGORITHM;
import static app.todo.identity.token.RejectReason.HEADER;
import static app.todo.identity.token.RejectReason.KEY;
import static app.todo.identity.token.RejectReason.MALFORMED;
import static app.todo.identity.token.RejectReason.SIGNATURE;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactory;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;

/**
 * Verifies a compact JWS and its claims, always in the same order: form, header, algorithm, key,
 * signature, then the claim rules of {@link ClaimRules}. The first failed check ends it with a
 * {@link TokenRejectedException}. Thread-safe; holds no per-request state.
 */
public final class TokenVerifier {

    /**
     * Where the verifier finds keys: each source names the algorithms it serves (a token whose alg no source serves
     * is refused before any key is looked at) and gives the keys to try for an alg and kid (kid may be null), most
     * likely first, empty when none fits.
     */
    public interface VerificationKeys {

        Set<String> algorithms();

        List<Key> keysFor(String alg, String kid);

        /** True when a token must name its key by kid; a token without one is refused before any lookup. */
        default boolean requiresKeyId() {
            return false;
        }
    }

    /** Longest accepted token, in characters. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    /** Headers that would make us fetch or trust keys named by the token itself, or change its meaning. */
    private static final Set<String> REFUSED_HEADERS = Set.of("crit", "enc", "jku", "x5u", "jwk", "x5c", "zip");

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final Map<String, VerificationKeys> keysByAlgorithm;
    private final ClaimRules claimRules;
    private final AlgorithmFactory<JsonWebSignatureAlgorithm> algorithms =
            AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory();
    private final ProviderContext providers = new ProviderContext();

    public TokenVerifier(List<VerificationKeys> keySources, ClaimRules claimRules) {
        Map<String, VerificationKeys> byAlg = new HashMap<>(); // the sources serve disjoint algorithms
        keySources.forEach(source -> source.algorithms().forEach(alg -> byAlg.put(alg, source)));
        this.keysByAlgorithm = Map.copyOf(byAlg);
        this.claimRules = claimRules;
    }

    public Set<String> algorithms() {
        return keysByAlgorithm.keySet();
    }

    public TokenPrincipal verify(String token) throws TokenRejectedException {
        // 1. form
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(MALFORMED, "token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw new TokenRejectedException(MALFORMED, "not a compact JWS of three parts");
        }
        byte[] headerBytes = decodePart(token, 0, firstDot, "header");
        byte[] payloadBytes = decodePart(token, firstDot + 1, secondDot, "payload");
        byte[] signature = decodePart(token, secondDot + 1, token.length(), "signature");

        // 2. header
        Map<String, Object> header = parseJson(headerBytes, "header");
        for (String name : header.keySet()) {
            if (REFUSED_HEADERS.contains(name)) {
                throw new TokenRejectedException(HEADER, "refused header parameter '" + name + "'");
            }
        }
        Object typ = header.get("typ");
        if (typ != null && !(typ instanceof String t && t.equalsIgnoreCase("JWT"))) {
            throw new TokenRejectedException(HEADER, "typ is not JWT");
        }
        Object kidValue = header.get("kid");
        if (kidValue != null && !(kidValue instanceof String)) {
            throw new TokenRejectedException(HEADER, "kid is not a string");
        }
        String kid = (String) kidValue;

        // 3. algorithm: only the allow-list of the configured key sources
        Object algValue = header.get("alg");
        VerificationKeys source = algValue instanceof String a ? keysByAlgorithm.get(a) : null;
        if (source == null) {
            throw new TokenRejectedException(ALGORITHM, "alg not accepted");
        }
        String alg = (String) algValue;
        if (kid == null && source.requiresKeyId()) {
            throw new TokenRejectedException(HEADER, "kid is required for " + alg);
        }

        // 4. key: chosen by the source for this alg (and kid), never taken from the token
        List<Key> keys = source.keysFor(alg, kid);
        if (keys.isEmpty()) {
            throw new TokenRejectedException(KEY, "no key for this alg and kid");
        }

        // 5. signature
        if (!signatureVerifies(alg, keys, token.substring(0, secondDot), signature)) {
            throw new TokenRejectedException(SIGNATURE, "signature does not verify");
        }

        // 6. claims
        return claimRules.check(parseJson(payloadBytes, "payload"), alg, token);
    }

    private boolean signatureVerifies(String alg, List<Key> keys, String signingInput, byte[] signature)
            throws TokenRejectedException {
        JsonWebSignatureAlgorithm algorithm;
        try {
            algorithm = algorithms.getAlgorithm(alg);
        } catch (JoseException e) {
            throw new TokenRejectedException(ALGORITHM, "alg not available in this runtime");
        }
        byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
        for (Key key : keys) {
            if (signature.length != signatureLength(alg, key)) {
                continue;
            }
            try {
                algorithm.validateVerificationKey(key);
                if (algorithm.verifySignature(signature, key, input, providers)) {
                    return true;
                }
            } catch (JoseException | RuntimeException e) {
                // a key that does not fit the algorithm, or a signature of the wrong shape: not verified
            }
        }
        return false;
    }

    /**
     * The one length in bytes a signature of this algorithm and key has; any other length is refused
     * before the library sees it, so no second token text can carry the same signed content.
     * Hand-written because the JDK and jose4j are laxer: an EdDSA signature with a byte appended verified.
     * HS256: 32 (RFC 7518 §3.2); ES256: 64 and ES512: 132, R and S each at the curve's full length
     * (RFC 7518 §3.4); EdDSA (Ed25519): 64 (RFC 8032 §5.1.6, RFC 8037 §3.1); RS256, PS256: the modulus
     * length (RFC 8017 §8.1.2, §8.2.2). Returns -1 for an unknown algorithm or key type (never matches).
     */
    static int signatureLength(String alg, Key key) {
        return switch (alg) {
            case "HS256" -> 32;
            case "ES256", "EdDSA" -> 64;
            case "ES512" -> 132;
            case "RS256", "PS256" -> key instanceof RSAPublicKey rsa ? (rsa.getModulus().bitLength() + 7) / 8 : -1;
            default -> -1;
        };
    }

    /**
     * Strict base64url (RFC 7515 §2): the JDK's URL decoder (refuses '+', '/', any byte outside the alphabet and a
     * length of 4n+1), and here also no padding, not empty, no stray bits in the last character (the JDK ignores them).
     */
    private static byte[] decodePart(String token, int start, int end, String part) throws TokenRejectedException {
        String text = token.substring(start, end);
        int unusedBits = text.length() % 4 == 2 ? 4 : text.length() % 4 == 3 ? 2 : 0;
        try {
            if (text.isEmpty() || text.indexOf('=') >= 0) {
                throw new IllegalArgumentException();
            }
            byte[] decoded = Base64.getUrlDecoder().decode(text);
            if ((BASE64URL.indexOf(text.charAt(text.length() - 1)) & ((1 << unusedBits) - 1)) != 0) {
                throw new TokenRejectedException(MALFORMED, part + " is not canonical base64url");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(MALFORMED, part + " is not base64url");
        }
    }

    private static Map<String, Object> parseJson(byte[] utf8, String part) throws TokenRejectedException {
        try {
            String json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
            Map<String, Object> map = JsonUtil.parseJson(json);
            if (map == null) {
                throw new TokenRejectedException(MALFORMED, part + " is not a JSON object");
            }
            return map;
        } catch (CharacterCodingException e) {
            throw new TokenRejectedException(MALFORMED, part + " is not UTF-8");
        } catch (JoseException | RuntimeException e) {
            throw new TokenRejectedException(MALFORMED, part + " is not a JSON object");
        }
    }
}
