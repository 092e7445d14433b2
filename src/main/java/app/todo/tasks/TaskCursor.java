package app.todo.tasks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the listing ends: the sort, the sort key and the id of its last task. Opaque to
 * clients: base64url without padding of {@code sort \n id \n key} in UTF-8. A cursor is only valid
 * with the sort it was made for, and only in the exact form this class writes ({@link #encode()}),
 * so every part that reaches the database is one the columns can hold (see {@link TaskSort#parseKey}).
 */
public record TaskCursor(TaskSort sort, String key, String id) {

    /** Longest cursor text accepted: a title key of 255 characters of up to 4 UTF-8 bytes, in base64. */
    static final int MAX_LENGTH = 1_500;

    private static final char SEPARATOR = '\n';

    public static TaskCursor after(TaskSort sort, TaskView last) {
        return new TaskCursor(sort, sort.keyOf(last), last.id());
    }

    public String encode() {
        String plain = sort.parameter() + SEPARATOR + id + SEPARATOR + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or empty when the text is not one this service made for this sort. */
    public static Optional<TaskCursor> decode(String text, TaskSort sort) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String plain;
        try {
            // Malformed UTF-8 becomes U+FFFD here and then fails the round trip below.
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int first = plain.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : plain.indexOf(SEPARATOR, first + 1);
        if (second < 0 || !plain.substring(0, first).equals(sort.parameter())) {
            return Optional.empty();
        }
        String id = plain.substring(first + 1, second);
        String key = plain.substring(second + 1);
        if (!Task.canonicalId(id).equals(Optional.of(id)) || sort.parseKey(key).isEmpty()) {
            return Optional.empty();
        }
        TaskCursor cursor = new TaskCursor(sort, key, id);
        // The exact form only: java.util.Base64 also takes padding and stray bits, and the UTF-8 decoding replaces
        // malformed bytes, either of which would give one position many cursor texts.
        return cursor.encode().equals(text) ? Optional.of(cursor) : Optional.empty();
    }
}
