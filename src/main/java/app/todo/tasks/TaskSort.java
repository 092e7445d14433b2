package app.todo.tasks;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** The orders of the task listing; each is a keyset order, ties broken by id in the same direction. */
public enum TaskSort {
    CREATED_AT_ASC("created_at", false),
    CREATED_AT_DESC("created_at", true),
    UPDATED_AT_ASC("updated_at", false),
    UPDATED_AT_DESC("updated_at", true),
    TITLE_ASC("title", false),
    TITLE_DESC("title", true);

    public static final TaskSort DEFAULT = CREATED_AT_DESC;

    private final String column;
    private final boolean descending;

    TaskSort(String column, boolean descending) {
        this.column = column;
        this.descending = descending;
    }

    public static Optional<TaskSort> fromParameter(String value) {
        return Arrays.stream(values()).filter(s -> s.parameter().equals(value)).findFirst();
    }

    /** The value of {@code sort} that asks for it: the column, after a {@code -} when descending. */
    public String parameter() {
        return descending ? "-" + column : column;
    }

    /** The column of the tasks table sorted on (db/migration). */
    String column() {
        return column;
    }

    boolean descending() {
        return descending;
    }

    /** The value of the sort key of a task, as the cursor carries it. */
    String keyOf(TaskView task) {
        return switch (column) {
            case "created_at" -> task.createdAt().toString();
            case "updated_at" -> task.updatedAt().toString();
            default -> task.title();
        };
    }

    /**
     * The cursor's key back in the column's type, or empty when it is not a key this service writes:
     * a time in {@link Instant#toString()} form within {@link #EARLIEST}..{@link #LATEST} (inside what a
     * {@code timestamp with time zone} holds), or a title that {@link TaskRules} accepts (1..255 characters,
     * no NUL, no unpaired surrogate).
     */
    Optional<Object> parseKey(String key) {
        return switch (column) {
            case "created_at", "updated_at" -> instant(key).map(i -> i.atOffset(ZoneOffset.UTC));
            default -> key.isEmpty() || key.length() > TaskRules.TITLE_MAX || !key.equals(key.strip())
                    || !STORABLE.matcher(key).matches() ? Optional.empty() : Optional.of(key);
        };
    }

    /** Earliest and latest task time a cursor may carry: years 1 to 9999, as {@code Instant.toString()} writes them. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final Pattern STORABLE = Pattern.compile(TaskRules.STORABLE_TEXT);

    private static Optional<Instant> instant(String key) {
        try {
            Instant instant = Instant.parse(key);
            boolean inRange = !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
            return inRange && instant.toString().equals(key) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
