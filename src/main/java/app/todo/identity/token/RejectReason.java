package app.todo.identity.token;

/** Why a token was refused: to the log and metrics; the client sees only the 401's fixed text (BearerFilter). */
public enum RejectReason {
    /** No Authorization header, or not the Bearer scheme. */
    MISSING,
    /** Not a compact JWS of three unpadded base64url parts within the size limit, or not JSON. */
    MALFORMED,
    /** A header the service refuses: crit, enc, jku, x5u, jwk, x5c, or a typ other than JWT. */
    HEADER,
    /** An alg outside the allow-list, or one with no key configured for it. */
    ALGORITHM,
    /** No configured key fits the token's alg and kid. */
    KEY,
    /** The signature does not verify. */
    SIGNATURE,
    /** exp, iat or nbf missing or not a JSON number. */
    CLAIMS,
    EXPIRED,
    NOT_YET_VALID,
    ISSUED_IN_FUTURE,
    LIFETIME,
    ISSUER,
    AUDIENCE,
    /** No usable user id, or user_id and sub disagree. */
    SUBJECT,
    /**
     * A valid token that was revoked: by {@code POST /api/me/token/revoke} (this token, until its exp), or issued
     * at or before the user's {@code POST /api/{user_id}/sessions/revoke} (identity.revocation).
     */
    REVOKED;

    /** Lower-case label for logs and metric tags. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
