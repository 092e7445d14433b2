package app.todo.platform.logging;

import java.util.Locale;
import java.util.Optional;

/**
 * The format of both logs, chosen by {@code TODO_LOG_FORMAT} (docs/deployment.md#logs): {@code plain} (the default)
 * or {@code json}. The server log's format is chosen by the operator command, which passes
 * {@code server-config/logging-<format>.properties} to the server; the access log reads the same setting.
 */
public enum LogFormat {
    /** Text lines: the server's own plain format, and the access log's space-separated line. */
    PLAIN,
    /**
     * One JSON object per line in both logs, with the same field names ({@code @timestamp}, {@code http.request.id},
     * …: Elastic Common Schema).
     */
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
