package app.todo.tasks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the listing ends: the sort, the sort key and the id of its last task. Opaque to
 * clients (base64url); a cursor is only valid with the sort it was made for.
 */
public record TaskCursor(TaskSort sort, String key, String id) {

    private static final char SEPARATOR = '\n';

    public static TaskCursor after(TaskSort sort, Task last) {
        return new TaskCursor(sort, sort.keyOf(last), last.id());
    }

    public String encode() {
        String plain = sort.parameter() + SEPARATOR + id + SEPARATOR + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or empty when the text is not one made for this sort. */
    public static Optional<TaskCursor> decode(String text, TaskSort sort) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int first = plain.indexOf(SEPARATOR);
            int second = first < 0 ? -1 : plain.indexOf(SEPARATOR, first + 1);
            if (second < 0 || !plain.substring(0, first).equals(sort.parameter())) {
                return Optional.empty();
            }
            String id = plain.substring(first + 1, second);
            String key = plain.substring(second + 1);
            if (TaskIds.canonical(id).isEmpty()) {
                return Optional.empty();
            }
            sort.parseKey(key);
            return Optional.of(new TaskCursor(sort, key, id));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
