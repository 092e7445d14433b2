package app.todo.identity.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import org.eclipse.microprofile.jwt.JsonWebToken;
import app.todo.identity.CurrentUser;
import app.todo.identity.token.TokenPrincipal;
import app.todo.platform.http.RequestCaller;

/**
 * Exposes the verified caller of the current request as {@link JsonWebToken} and {@link CurrentUser}.
 * Only the bearer filter records a caller ({@link RequestCaller}), so both come from a verified token or not at all.
 */
@ApplicationScoped
public class IdentityProducer {

    @Inject
    HttpServletRequest request;

    @Produces
    @RequestScoped
    @Typed(JsonWebToken.class)
    JsonWebToken jsonWebToken() {
        return principal(request);
    }

    @Produces
    @RequestScoped
    CurrentUser currentUser() {
        return principal(request);
    }

    /** The verified caller of this request; only ever called where BearerFilter has let the request in. */
    static TokenPrincipal principal(HttpServletRequest request) {
        TokenPrincipal principal = RequestCaller.of(request, TokenPrincipal.class);
        if (principal == null) {
            throw new IllegalStateException("no verified caller on this request");
        }
        return principal;
    }
}
