-- Token revocation (identity.revocation). Runs on PostgreSQL and on H2 in PostgreSQL mode.

-- One row per revoked token (POST /api/me/token/revoke), until its exp + leeway; then the purge deletes it.
-- token_key: 'jti:' + the token's jti, or 'sha256:' + SHA-256 of the token text, base64url (never the token).
CREATE TABLE revoked_tokens (
    user_id    VARCHAR(128)             NOT NULL,
    token_key  VARCHAR(255)             NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT revoked_tokens_pk PRIMARY KEY (user_id, token_key)
);
CREATE INDEX revoked_tokens_expires ON revoked_tokens (expires_at);

-- One "revoked before" instant per user (POST /api/{user_id}/sessions/revoke): tokens whose iat is at or before
-- this whole second are refused. Kept until every such token has expired (+ the longest lifetime and leeway).
CREATE TABLE user_sign_outs (
    user_id        VARCHAR(128)             NOT NULL,
    revoked_before TIMESTAMP WITH TIME ZONE NOT NULL,
    keep_until     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_sign_outs_pk PRIMARY KEY (user_id)
);
CREATE INDEX user_sign_outs_keep_until ON user_sign_outs (keep_until);
