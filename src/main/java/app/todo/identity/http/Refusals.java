package app.todo.identity.http;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import app.todo.platform.http.RequestBodies;
import app.todo.platform.logging.Logs;

/**
 * Refuses an /api request that has no verified caller: logs the precise reason (at most 100 lines a second) and
 * answers with {@link UnauthorizedResponse}'s fixed text. Used by {@link BearerFilter}.
 */
final class Refusals {

    private static final Logger LOG = Logs.logger(Refusals.class);

    /**
     * At most 100 refusal lines a second (~17 KB/s of server log under any flood of bad tokens): the metrics count
     * every refusal, the access log has every request, this log shows examples with their reason. (10 a second
     * was tried: with so few, a burst of different refusals left whole reasons out of the log.)
     */
    private static final LogThrottle THROTTLE = new LogThrottle(100);

    private Refusals() {
    }

    /**
     * Logs and answers the refusal on the servlet response, without waiting for a body the request may still be
     * sending ({@link RequestBodies#refuseUnread}: over HTTP/1.x the answer closes the connection).
     */
    static void refuse(HttpServletRequest request, HttpServletResponse response, AuthFailure failure)
            throws IOException {
        log(request.getMethod(), request.getRequestURI(), failure);
        RequestBodies.refuseUnread(request, response);
        UnauthorizedResponse.write(failure, response);
    }

    /** The log line of a refusal, when the throttle allows one: never the token, only the reason and its detail. */
    private static void log(String method, String path, AuthFailure failure) {
        long suppressed = THROTTLE.tryAcquire(System.currentTimeMillis());
        if (suppressed < 0) {
            return;
        }
        String where = method + " " + path;
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
}
