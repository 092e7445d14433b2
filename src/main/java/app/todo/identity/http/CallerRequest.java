package app.todo.identity.http;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import app.todo.identity.token.TokenPrincipal;

/**
 * A request whose caller is the verified token's: {@code getUserPrincipal()} is the {@link TokenPrincipal},
 * {@code isUserInRole(r)} is true for each of its groups ("user" for every caller, plus a groups or role claim's),
 * so JAX-RS's {@code SecurityContext} and {@code @RolesAllowed} (enforced by the JAX-RS runtime's role filter)
 * see the same caller as {@code CurrentUser}.
 */
final class CallerRequest extends HttpServletRequestWrapper {

    /** {@code getAuthType()}: the scheme of RFC 6750. */
    static final String AUTH_TYPE = "Bearer";

    private final TokenPrincipal principal;

    CallerRequest(HttpServletRequest request, TokenPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.groups().contains(role);
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
