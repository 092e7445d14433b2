package app.todo.tasks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/** The orders of the task listing; each is a keyset order, ties broken by id in the same direction. */
public enum TaskSort {
    CREATED_AT_ASC("created_at", "createdAt", false),
    CREATED_AT_DESC("-created_at", "createdAt", true),
    UPDATED_AT_ASC("updated_at", "updatedAt", false),
    UPDATED_AT_DESC("-updated_at", "updatedAt", true),
    TITLE_ASC("title", "title", false),
    TITLE_DESC("-title", "title", true);

    public static final TaskSort DEFAULT = CREATED_AT_DESC;

    private final String parameter;
    private final String attribute;
    private final boolean descending;

    TaskSort(String parameter, String attribute, boolean descending) {
        this.parameter = parameter;
        this.attribute = attribute;
        this.descending = descending;
    }

    public static Optional<TaskSort> fromParameter(String value) {
        return Arrays.stream(values()).filter(s -> s.parameter.equals(value)).findFirst();
    }

    public String parameter() {
        return parameter;
    }

    /** The JPQL attribute sorted on. */
    String attribute() {
        return attribute;
    }

    boolean descending() {
        return descending;
    }

    /** The value of the sort key of a task, as the cursor carries it. */
    String keyOf(Task task) {
        return switch (attribute) {
            case "createdAt" -> task.createdAt().toString();
            case "updatedAt" -> task.updatedAt().toString();
            default -> task.title();
        };
    }

    /** The cursor's key back in the attribute's type; throws IllegalArgumentException when it is not one. */
    Object parseKey(String key) {
        return switch (attribute) {
            case "createdAt", "updatedAt" -> Instant.parse(key).atOffset(ZoneOffset.UTC);
            default -> key;
        };
    }
}
