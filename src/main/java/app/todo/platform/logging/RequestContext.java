package app.todo.platform.logging;

import java.util.Map;

/**
 * The request a thread is serving, for its log records ({@link Logs}): the request id, opened and closed by
 * {@code RequestLogFilter}, and the verified caller's user id, added by the bearer filter. Thread-bound: records of
 * other threads carry none. Never a token or other secret.
 */
public final class RequestContext {

    /** ECS field names, in the JSON records of both logs. */
    public static final String REQUEST_ID = "http.request.id";
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

    /** {@code http.request.id}, and {@code user.id} when known (unmodifiable); null outside a request. */
    public static Map<String, String> fields() {
        return CURRENT.get();
    }
}
