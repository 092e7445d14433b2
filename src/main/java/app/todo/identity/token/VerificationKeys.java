package app.todo.identity.token;

import java.security.Key;
import java.util.List;
import java.util.Set;

/**
 * Where the verifier finds keys. Each source names the algorithms it serves; a token whose alg no
 * source serves is refused before any key is looked at, so a key is only ever used with an
 * algorithm its source declared for it.
 */
public interface VerificationKeys {

    /** The JWS algorithms this source holds keys for. */
    Set<String> algorithms();

    /**
     * The keys to try for a token with this alg and kid (kid may be null), most likely first.
     * Empty when none fits.
     */
    List<Key> keysFor(String alg, String kid);

    /** True when a token must name its key by kid; a token without one is refused before any lookup. */
    default boolean requiresKeyId() {
        return false;
    }
}
