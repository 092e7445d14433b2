package app.todo.platform.http;

import java.security.Principal;

import jakarta.servlet.ServletRequest;

/**
 * The authenticated caller of a request on the servlet side: recorded once by the bearer filter, read back typed
 * (the access log its name, the identity feature its principal). JAX-RS code has {@code SecurityContext}, resources
 * the CDI {@code CurrentUser}.
 */
public final class RequestCaller {

    private static final String ATTRIBUTE = RequestCaller.class.getName();

    private RequestCaller() {
    }

    /** Records the verified caller of {@code request}. */
    public static void set(ServletRequest request, Principal caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }

    /** The caller of {@code request} if it is a {@code type}; null when the request has none (not authenticated). */
    public static <P extends Principal> P of(ServletRequest request, Class<P> type) {
        Object caller = request.getAttribute(ATTRIBUTE);
        return type.isInstance(caller) ? type.cast(caller) : null;
    }

    /** The caller's name (the user id), or null when the request has none. */
    public static String name(ServletRequest request) {
        Principal caller = of(request, Principal.class);
        return caller == null ? null : caller.getName();
    }
}
