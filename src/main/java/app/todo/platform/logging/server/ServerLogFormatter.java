package app.todo.platform.logging.server;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import co.elastic.logging.jul.EcsFormatter;

/**
 * The server log's JSON formatter on both servers ({@code TODO_LOG_FORMAT=json}): Elastic's ECS formatter for JUL
 * ({@code @timestamp} RFC 3339 UTC, {@code log.level}, {@code log.logger}, {@code message}, {@code process.thread.name},
 * {@code error.*}) plus, so a record reads the same on Payara and WildFly, the request's fields ({@code http.request.id},
 * {@code user.id}) as top-level fields, from the {@code Map} the application's loggers add as the last parameter, and
 * the level always a JUL name (WildFly's ERROR/WARN/DEBUG/TRACE become SEVERE/WARNING/FINE/FINEST).
 *
 * <p>Loaded by the server, not the WAR: target/lib/todo-log.jar (Payara Micro: {@code -Xbootclasspath/a:}) and the
 * WildFly module {@code app.todo.logging}; configured by server-config/logging-json.properties and
 * server-config/wildfly/logging.cli. Not the servers' own formatters: Payara's writes {@code +0000} times, no
 * exception class and the map's entries; WildFly's writes the MDC one level down and JBoss level names.
 */
public class ServerLogFormatter extends EcsFormatter {

    private static final ThreadLocal<Map<?, ?>> REQUEST = new ThreadLocal<>();

    @Override
    public String format(LogRecord record) {
        Object[] parameters = record.getParameters();
        Map<?, ?> request = parameters != null && parameters.length > 0
                && parameters[parameters.length - 1] instanceof Map<?, ?> map ? map : null;
        LogRecord copy = new LogRecord(julLevel(record.getLevel()), message(record));
        copy.setInstant(record.getInstant());
        copy.setLoggerName(record.getLoggerName());
        copy.setLongThreadID(record.getLongThreadID());
        copy.setThrown(record.getThrown());
        copy.setSourceClassName(record.getSourceClassName());
        copy.setSourceMethodName(record.getSourceMethodName());
        REQUEST.set(request);
        try {
            return super.format(copy);
        } finally {
            REQUEST.remove();
        }
    }

    /** The record's message with its parameters filled in (java.util.logging's {@code {0}} style). */
    protected String message(LogRecord record) {
        return formatMessage(record);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Map<String, String> getMdcEntries() {
        Map<?, ?> request = REQUEST.get();
        return request == null ? Map.of() : (Map<String, String>) request;
    }

    /** The java.util.logging level at or below {@code level}: WildFly's WARN (900) is WARNING, DEBUG (500) FINE. */
    static Level julLevel(Level level) {
        int value = level.intValue();
        for (Level standard : new Level[] {Level.SEVERE, Level.WARNING, Level.INFO, Level.CONFIG, Level.FINE,
                Level.FINER, Level.FINEST}) {
            if (value >= standard.intValue()) {
                return standard;
            }
        }
        return value == Level.ALL.intValue() ? Level.ALL : Level.FINEST;
    }
}
