package app.todo.identity.keys;

import java.time.Instant;

/**
 * How the JWKS stands, for readiness and the log.
 *
 * @param lastAttempt  when a fetch last ended, good or not; null before the first
 * @param lastSuccess  when keys were last fetched, null when never
 * @param failingSince the first failed fetch after the last good one, null while fetches succeed
 * @param lastError    why the last fetch failed, null while fetches succeed
 * @param keyCount     keys in use
 */
public record JwksStatus(Instant lastAttempt, Instant lastSuccess, Instant failingSince, String lastError, int keyCount) {

    static final JwksStatus NEVER_FETCHED = new JwksStatus(null, null, null, "not fetched yet", 0);

    public boolean everFetched() {
        return lastSuccess != null;
    }

    /** Keys are in use, but the last refresh failed. */
    public boolean stale() {
        return everFetched() && failingSince != null;
    }

    JwksStatus succeeded(Instant at, int keys) {
        return new JwksStatus(at, at, null, null, keys);
    }

    JwksStatus failed(Instant at, String error) {
        return new JwksStatus(at, lastSuccess, failingSince == null ? at : failingSince, error, keyCount);
    }

    /** "1 key", "5 keys". */
    static String keys(int count) {
        return count + (count == 1 ? " key" : " keys");
    }

    /** One line for readiness: never the URL, a key or a token. */
    public String describe() {
        if (!everFetched()) {
            return "no key fetched yet (" + lastError + ")";
        }
        if (stale()) {
            return "stale since " + failingSince + ": " + keys(keyCount) + " fetched at " + lastSuccess
                    + " still in use (" + lastError + ")";
        }
        return "ok: " + keys(keyCount) + " fetched at " + lastSuccess;
    }
}
