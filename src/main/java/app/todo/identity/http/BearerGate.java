package app.todo.identity.http;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import app.todo.identity.token.RejectReason;
import app.todo.identity.token.TokenPrincipal;
import app.todo.platform.http.RequestBodies;
import app.todo.platform.http.TodoApplication;

/**
 * Deny by default: every /api request without a verified caller stops here, before matching, so an
 * unknown route is a 401 like any other (nothing under /api is public). The precise reason goes to
 * the log; the client gets {@link UnauthorizedResponse}'s fixed text.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerGate implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(BearerGate.class.getName());
    private static final long MAX_DRAINED_BYTES = 1024 * 1024;

    /**
     * At most 100 refusal lines a second (~17 KB/s of server log under any flood of bad tokens): the metrics count
     * every refusal, the access log has every request, this log shows examples with their reason. (10 a second
     * was tried: with so few, a burst of different refusals left whole reasons out of the log.)
     */
    private final LogThrottle throttle = new LogThrottle(100);

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        if (request.getAttribute(BearerTokenMechanism.PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal) {
            return;
        }
        AuthFailure failure = request.getAttribute(AuthFailure.ATTRIBUTE) instanceof AuthFailure f ? f
                : new AuthFailure(RejectReason.MISSING, "not authenticated", false);
        long suppressed = throttle.tryAcquire(System.currentTimeMillis());
        if (suppressed >= 0) {
            String where = context.getMethod() + " " + TodoApplication.PATH + "/" + context.getUriInfo().getPath();
            String before = suppressed == 0 ? "" : " (" + suppressed + " earlier refusals not logged)";
            if (failure.revocationsUnavailable()) {
                LOG.log(Level.WARNING, "503 {0}: token revocations cannot be checked: {1}{2}",
                        new Object[] {where, failure.message(), before});
            } else if (failure.configuration()) {
                LOG.log(Level.WARNING, "503 {0}: tokens cannot be verified: {1}{2}",
                        new Object[] {where, failure.message(), before});
            } else {
                LOG.log(Level.INFO, "401 {0}: token refused, reason={1}: {2}{3}",
                        new Object[] {where, failure.reason().label(), failure.message(), before});
            }
        }
        // Over HTTP/2 a client still sending would otherwise wait for flow-control credit (RequestBodies).
        RequestBodies.drain(context.getEntityStream(), MAX_DRAINED_BYTES);
        context.abortWith(UnauthorizedResponse.of(failure));
    }
}
