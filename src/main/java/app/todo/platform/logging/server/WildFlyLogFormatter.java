package app.todo.platform.logging.server;

import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

/**
 * {@link ServerLogFormatter} for WildFly (server-config/wildfly/logging.cli): WildFly's own records carry printf-style
 * messages ({@code %s}), which only JBoss LogManager's record knows how to fill in.
 */
public class WildFlyLogFormatter extends ServerLogFormatter {

    @Override
    protected String message(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : super.message(record);
    }
}
