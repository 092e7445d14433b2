package app.todo.tasks;

/** If-Match against a task version (RFC 9110 §13.1.1): a list of strong tags, or {@code *}. */
final class EntityTags {

    private EntityTags() {
    }

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
}
