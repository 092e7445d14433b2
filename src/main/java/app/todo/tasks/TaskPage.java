package app.todo.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** One page of a listing, and the cursor of the next one when there is more. */
public record TaskPage(List<TaskView> tasks, Optional<TaskCursor> next) {

    /**
     * The page's strong tag: the first 16 bytes of SHA-256 over each listed task's id, version and updated_at (in
     * order) and the next page's cursor, base64url, quoted ({@code "q0…"}, 24 characters). Every change of a task
     * raises its version, so the tag changes whenever the body or the Link header would; the request's query is part
     * of the URL the tag belongs to, not of the tag.
     */
    public String etag() {
        StringBuilder text = new StringBuilder(tasks.size() * 64);
        for (TaskView task : tasks) {
            text.append(task.id()).append(' ').append(task.version()).append(' ').append(task.updatedAt()).append('\n');
        }
        next.ifPresent(cursor -> text.append("next ").append(cursor.encode()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
