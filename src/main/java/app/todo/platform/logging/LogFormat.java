package app.todo.platform.logging;

import java.util.Locale;
import java.util.Optional;

/**
 * The format of both logs, {@code TODO_LOG_FORMAT} (docs/deployment.md#logs): the operator command passes the server
 * {@code server-config/logging-<format>.properties}; the access log reads the same setting.
 */
public enum LogFormat {
    /** The server's own lines, the access log's space-separated line. */
    PLAIN,
    /** One JSON object per line in both logs, with the same (ECS) field names. */
    JSON;

    /** Configuration key of {@code TODO_LOG_FORMAT}. */
    public static final String KEY = "todo.log.format";

    /** {@code plain} or {@code json}, case and surrounding blanks ignored; empty for anything else. */
    public static Optional<LogFormat> parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "plain" -> Optional.of(PLAIN);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
