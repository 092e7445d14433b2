package app.todo.platform.logging;

import java.util.Arrays;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The application's loggers: plain JUL {@link Logger}s whose records, while a request runs, carry its
 * {@link RequestContext} fields as one extra, last parameter, a {@code Map} (a {@link Filter} adds it). The servers'
 * JSON formatter ({@code ServerLogFormatter}) writes its entries as top-level fields; plain formatters ignore a
 * parameter the message does not name. The server's own records carry the request id only in the thread name.
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
