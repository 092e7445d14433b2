package app.todo.identity.keys;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.base64url.Base64Url;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.HashUtil;
import app.todo.identity.token.TokenVerifier.VerificationKeys;

/**
 * The HS256 secrets: the current one and, during a rotation, the previous one. A token whose kid
 * names one of them (the first 8 bytes of SHA-256 of the secret, base64url) is tried against that
 * secret only; any other token against the current secret, then the previous one.
 */
public final class SharedSecrets implements VerificationKeys {

    public static final String HS256 = "HS256";

    /** The secrets by kid, current first. */
    private final Map<String, Key> byKid = new LinkedHashMap<>();

    public SharedSecrets(String current, String previous) {
        for (String secret : previous == null || previous.isEmpty() ? List.of(current) : List.of(current, previous)) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8); // at least 32 bytes: TokenSettings checked
            byKid.put(keyId(bytes), new HmacKey(bytes));
        }
    }

    /** The kid under which a secret is known: a short, one-way fingerprint, safe to publish. */
    public static String keyId(byte[] secret) {
        return Base64Url.encode(Arrays.copyOf(HashUtil.getMessageDigest(HashUtil.SHA_256).digest(secret), 8));
    }

    @Override
    public Set<String> algorithms() {
        return Set.of(HS256);
    }

    @Override
    public List<Key> keysFor(String alg, String kid) {
        if (!HS256.equals(alg)) {
            return List.of();
        }
        Key named = kid == null ? null : byKid.get(kid);
        return named != null ? List.of(named) : List.copyOf(byKid.values());
    }
}
