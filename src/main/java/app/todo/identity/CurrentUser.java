package app.todo.identity;

import java.time.Instant;
import app.todo.identity.token.TokenPrincipal;

/**
 * The trusted caller of the current request, taken from its verified token only.
 *
 * @param userId    the token's user_id (or sub)
 * @param email     user_email or email, null when the token has none
 * @param issuer    the token's iss
 * @param tokenId   the token's jti, null when it has none
 * @param issuedAt  iat
 * @param expiresAt exp
 */
public record CurrentUser(String userId, String email, String issuer, String tokenId,
                          Instant issuedAt, Instant expiresAt) {

    public static CurrentUser of(TokenPrincipal principal) {
        return new CurrentUser(principal.userId(), principal.email(), principal.issuer(), principal.tokenId(),
                principal.issuedAt(), principal.expiresAt());
    }
}
