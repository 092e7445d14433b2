package app.todo.platform.logging;

import java.util.Map;

/**
 * The request a thread is serving, for its log records: the request id ({@code X-Request-Id}) and, once the bearer
 * token is verified, the caller's user id. {@code RequestLogFilter} opens it when a request arrives and closes it
 * when the request leaves the filter chain; the bearer filter adds the user. {@link Logs} puts it into every record
 * of the application's loggers; the server log's formatter (app.todo.platform.logging.server) writes it as the
 * top-level fields {@code http.request.id} and {@code user.id}, their names in the Elastic Common Schema, on both
 * servers.
 *
 * <p>Thread-bound: a record written on another thread (the access-log writer, the revocation listener, a timer)
 * carries no request. Never holds a token or any other secret.
 */
public final class RequestContext {

    /** Field name of the request id (ECS {@code http.request.id}), in the JSON records of both logs. */
    public static final String REQUEST_ID = "http.request.id";
    /** Field name of the caller's user id (ECS {@code user.id}; absent when the request has no verified caller). */
    public static final String USER_ID = "user.id";

    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    /** From now on this thread serves the request {@code requestId} (no caller yet). */
    public static void open(String requestId) {
        CURRENT.set(Map.of(REQUEST_ID, requestId));
    }

    /** The request this thread serves has the verified caller {@code userId}; ignored outside a request. */
    public static void caller(String userId) {
        Map<String, String> current = CURRENT.get();
        if (current != null && userId != null) {
            CURRENT.set(Map.of(REQUEST_ID, current.get(REQUEST_ID), USER_ID, userId));
        }
    }

    /** This thread no longer serves a request. */
    public static void close() {
        CURRENT.remove();
    }

    /**
     * The fields of the request this thread serves: {@code http.request.id}, and {@code user.id} when known; null
     * outside a request. Unmodifiable; the order of the fields in a record is the formatter's.
     */
    public static Map<String, String> fields() {
        return CURRENT.get();
    }
}
