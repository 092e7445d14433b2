package app.todo.platform.logging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.MDC;

/**
 * The request a thread is serving, for its log records: the request id ({@code X-Request-Id}) and, once the bearer
 * token is verified, the caller's user id. {@code RequestLogFilter} opens it when a request arrives and closes it
 * when the request leaves the filter chain; the bearer filter adds the user. {@link Logs} puts it into every record
 * of the application's loggers as the fields {@code RequestId} and {@code UserId}.
 *
 * <p>The same fields are also in SLF4J's {@link MDC} (a library API the WAR already carries for jose4j) while the
 * request runs: WildFly backs it with its log manager's MDC, which its {@code json-formatter} writes as
 * {@code "Mdc":{"RequestId":…,"UserId":…}} in every record of the request, the server's own included
 * ({@code server-config/wildfly/logging.cli}); WildFly's formatters ignore record parameters. On Payara SLF4J's MDC
 * is the JDK binding's, which no formatter reads.
 *
 * <p>Thread-bound: a record written on another thread (the access-log writer, the revocation listener, a timer)
 * carries no request. Never holds a token or any other secret.
 */
public final class RequestContext {

    /** Field name of the request id, in the server log's JSON records and the access log's. */
    public static final String REQUEST_ID = "RequestId";
    /** Field name of the caller's user id (absent when the request has no verified caller). */
    public static final String USER_ID = "UserId";

    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    /** From now on this thread serves the request {@code requestId} (no caller yet). */
    public static void open(String requestId) {
        CURRENT.set(Map.of(REQUEST_ID, requestId));
        MDC.remove(USER_ID);
        MDC.put(REQUEST_ID, requestId);
    }

    /** The request this thread serves has the verified caller {@code userId}; ignored outside a request. */
    public static void caller(String userId) {
        Map<String, String> current = CURRENT.get();
        if (current == null || userId == null) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>(4);
        fields.put(REQUEST_ID, current.get(REQUEST_ID));
        fields.put(USER_ID, userId);
        CURRENT.set(java.util.Collections.unmodifiableMap(fields));
        MDC.put(USER_ID, userId);
    }

    /** This thread no longer serves a request. */
    public static void close() {
        CURRENT.remove();
        MDC.remove(REQUEST_ID);
        MDC.remove(USER_ID);
    }

    /**
     * The fields of the request this thread serves, in this order: {@code RequestId}, then {@code UserId} when
     * known; null outside a request. Unmodifiable.
     */
    public static Map<String, String> fields() {
        return CURRENT.get();
    }
}
