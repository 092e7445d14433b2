package app.todo.identity.keys;

import java.security.Key;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import app.todo.identity.keys.JwksDocument.JwksKey;

/**
 * The keys of one successful JWKS fetch, immutable, so that a refresh swaps the whole set at once
 * and a request never sees half of an old set and half of a new one. Indexed by kid, so a lookup is one map read
 * whatever the number of keys ({@code HttpsJwks}'s resolver filters the whole list per token).
 */
record JwksSnapshot(Map<String, List<JwksKey>> byKid, Instant fetchedAt) {

    static final JwksSnapshot EMPTY = new JwksSnapshot(Map.of(), null);

    JwksSnapshot {
        byKid = Map.copyOf(byKid);
    }

    static JwksSnapshot of(List<JwksKey> keys, Instant fetchedAt) {
        Map<String, List<JwksKey>> byKid = new LinkedHashMap<>();
        for (JwksKey key : keys) {
            byKid.computeIfAbsent(key.kid(), k -> new ArrayList<>()).add(key);
        }
        byKid.replaceAll((kid, list) -> List.copyOf(list));
        return new JwksSnapshot(byKid, fetchedAt);
    }

    boolean knows(String kid) {
        return kid != null && byKid.containsKey(kid);
    }

    /** The keys published under this kid that may verify this alg. */
    List<Key> keysFor(String alg, String kid) {
        List<JwksKey> candidates = kid == null ? null : byKid.get(kid);
        if (candidates == null) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>(1);
        for (JwksKey candidate : candidates) {
            if (candidate.algorithms().contains(alg)) {
                keys.add(candidate.key());
            }
        }
        return keys;
    }

    /** "1 key", "5 keys". */
    static String keys(int count) {
        return count + (count == 1 ? " key" : " keys");
    }

    int size() {
        return byKid.values().stream().mapToInt(List::size).sum();
    }

    /** For the log: each kid with its algorithms, e.g. {@code k1 [EdDSA], k2 [PS256, RS256]}. */
    String describe() {
        return byKid.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue().stream().flatMap(k -> k.algorithms().stream())
                        .collect(Collectors.toCollection(TreeSet::new)))
                .collect(Collectors.joining(", "));
    }
}
