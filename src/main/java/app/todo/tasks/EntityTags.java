package app.todo.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Entity tags of tasks and task lists, and the two conditional-request comparisons the service makes
 * (RFC 9110 §8.8.3 and §13.1). A task's tag is its version ({@code "7"}); a list's tag is derived from
 * what the list shows ({@link #ofList}), so it changes whenever a listed task changes, appears or goes.
 */
final class EntityTags {

    private EntityTags() {
    }

    /**
     * If-Match against a task version (RFC 9110 §13.1.1): a list of strong tags, or {@code *}; strong comparison,
     * so {@code W/"7"} never matches.
     */
    static boolean matches(String ifMatch, long version) {
        String current = "\"" + version + "\"";
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an If-None-Match field value (all its lines joined with commas) names the current tag, by the weak
     * comparison that RFC 9110 §13.1.2 prescribes for If-None-Match: {@code W/"x"} and {@code "x"} both match
     * {@code "x"}; {@code *} matches any current representation. A member that is not a well-formed tag matches
     * nothing (the request is answered in full, never refused).
     *
     * @param ifNoneMatch the field value, e.g. {@code W/"3", "4"}
     * @param current     the current strong tag, quoted, e.g. {@code "4"}
     */
    static boolean noneMatchFails(String ifNoneMatch, String current) {
        for (String member : ifNoneMatch.split(",")) {
            String t = member.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(current)) {
                return true;
            }
        }
        return false;
    }

    /** Every If-None-Match line as one list (a list field, RFC 9110 §5.3); empty when the header is absent. */
    static Optional<String> joined(List<String> lines) {
        return lines == null || lines.isEmpty() ? Optional.empty() : Optional.of(String.join(",", lines));
    }

    /**
     * The strong tag of one page of a listing: the first 16 bytes of SHA-256 over each listed task's id, version
     * and updated_at (in order) and the next page's cursor, base64url, quoted ({@code "q0…"}, 24 characters).
     * Every change of a task raises its version, so the tag changes whenever the body or the Link header would;
     * the request's query is part of the URL the tag belongs to, not of the tag.
     */
    static String ofList(TaskPage page) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        StringBuilder text = new StringBuilder(page.tasks().size() * 64);
        for (TaskView task : page.tasks()) {
            text.append(task.id()).append(' ').append(task.version()).append(' ')
                    .append(task.updatedAt()).append('\n');
        }
        page.next().ifPresent(next -> text.append("next ").append(next.encode()));
        byte[] digest = sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + "\"";
    }
}
