package app.todo.platform.logging.server;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import co.elastic.logging.jul.EcsFormatter;

/**
 * The server log's JSON formatter on both servers ({@code TODO_LOG_FORMAT=json}): Elastic's ECS formatter for
 * java.util.logging (one JSON object per line: {@code @timestamp} RFC 3339 in UTC, {@code log.level},
 * {@code log.logger}, {@code message}, {@code process.thread.name}, {@code error.type}, {@code error.message},
 * {@code error.stack_trace} inside the record) with two additions, so that a record reads the same on Payara and
 * WildFly: the request's fields ({@code http.request.id}, {@code user.id}) as top-level fields, taken from the
 * {@code Map} the application's loggers add as the record's last parameter (app.todo.platform.logging.Logs), and
 * the level always a java.util.logging name ({@code SEVERE}, {@code WARNING}, {@code INFO}, {@code CONFIG},
 * {@code FINE}, {@code FINER}, {@code FINEST}; WildFly's own ERROR/WARN/DEBUG/TRACE become SEVERE/WARNING/FINE/FINEST).
 *
 * <p>Loaded by the server, not by the WAR: target/lib/todo-log.jar (Payara Micro: the JVM's boot class path,
 * {@code -Xbootclasspath/a:}) and the WildFly module {@code app.todo.logging} (server-config/wildfly/modules). Configured by
 * server-config/logging-json.properties and server-config/wildfly/logging.cli. Why a subclass and not the formatters
 * the servers ship: Payara's JSONLogFormatter writes {@code +0000} times, no exception class and the map's entries;
 * WildFly's json-formatter writes the MDC one level down and JBoss level names; neither can be configured otherwise.
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
