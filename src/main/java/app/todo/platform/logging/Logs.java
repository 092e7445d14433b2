package app.todo.platform.logging;

import java.util.Arrays;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The application's loggers: plain {@link java.util.logging.Logger}s whose records, while a request runs, carry its
 * {@link RequestContext} fields ({@code http.request.id}, {@code user.id}) as one extra, last parameter: a {@code Map}.
 *
 * <p>The server's formatter decides what becomes of it. The JSON formatter of both servers
 * ({@code ServerLogFormatter}, server-config/logging-json.properties, server-config/wildfly/logging.cli) writes each
 * entry as a top-level field of the record; the plain formatters ignore a parameter the message does not name
 * ({@code {0}}, {@code {1}}, … keep their meaning, as the map comes last). Records of the server's own loggers written
 * during a request carry the request id only in the thread name ({@code request=<id>}, set by
 * {@code RequestLogFilter}). Standard JUL API only: a {@link Filter} that adds the parameter and lets every record
 * through.
 */
public final class Logs {

    private static final Filter WITH_REQUEST = Logs::addRequest;

    private Logs() {
    }

    /** The logger named after {@code owner}, with the request fields added to its records. */
    public static Logger logger(Class<?> owner) {
        Logger logger = Logger.getLogger(owner.getName());
        logger.setFilter(WITH_REQUEST);
        return logger;
    }

    /** Adds the current request's fields as the last parameter of {@code record}; never refuses a record. */
    static boolean addRequest(LogRecord record) {
        Map<String, String> fields = RequestContext.fields();
        if (fields != null) {
            Object[] parameters = record.getParameters();
            Object[] extended = parameters == null ? new Object[1] : Arrays.copyOf(parameters, parameters.length + 1);
            extended[extended.length - 1] = fields;
            record.setParameters(extended);
        }
        return true;
    }
}
