package app.todo.identity;

import java.time.Instant;

/**
 * The trusted caller of the current request, taken from its verified token only. Injected as a request-scoped bean
 * ({@code @Inject CurrentUser}), so a resource of any scope sees the caller of the request it is serving. Implemented
 * by the verified token's principal ({@code identity.token.TokenPrincipal}).
 */
public interface CurrentUser {

    /** The token's {@code user_id} (or {@code sub}); never null. */
    String userId();

    /** {@code user_email} or {@code email}; null when the token has none. */
    String email();

    /** The token's {@code iss}. */
    String issuer();

    /** The token's {@code jti}; null when it has none. */
    String tokenId();

    /** {@code iat}. */
    Instant issuedAt();

    /** {@code exp}. */
    Instant expiresAt();
}
