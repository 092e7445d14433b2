package app.todo.tasks;

import java.time.Instant;

/** A task as the API shows it (snake_case on the wire; every field always present). */
public record TaskView(String id, String title, String description, boolean completed, String userId,
                       Instant createdAt, Instant updatedAt, long version) {

    /** The strong ETag of this version: the version quoted, {@code "7"}. */
    public String etag() {
        return "\"" + version + "\"";
    }

    /**
     * Whether an If-Match or If-None-Match value (all its lines joined with commas, RFC 9110 §5.3) names the current
     * tag or is {@code *}. If-Match compares strongly (§13.1.1: {@code W/"7"} never matches); If-None-Match weakly
     * (§13.1.2: {@code W/"7"} and {@code "7"} both match {@code "7"}). A member that is not a well-formed tag matches
     * nothing.
     *
     * @param current the current strong tag, quoted, e.g. {@code "7"}
     */
    static boolean listed(String tags, String current, boolean weak) {
        for (String member : tags.split(",")) {
            String t = member.strip();
            if (weak && t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
