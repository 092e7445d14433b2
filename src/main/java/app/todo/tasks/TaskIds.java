package app.todo.tasks;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Task ids are UUIDs in their canonical 8-4-4-4-12 form; anything else names no task. */
final class TaskIds {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private TaskIds() {
    }

    /** The id in lower case, or empty when it is not a UUID. */
    static Optional<String> canonical(String id) {
        return id != null && UUID.matcher(id).matches() ? Optional.of(id.toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
