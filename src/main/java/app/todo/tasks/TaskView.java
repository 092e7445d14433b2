package app.todo.tasks;

import java.time.Instant;

/** A task as the API shows it (snake_case on the wire; every field always present). */
public record TaskView(String id, String title, String description, boolean completed, String userId,
                       Instant createdAt, Instant updatedAt, long version) {

    static TaskView of(Task task) {
        return new TaskView(task.id(), task.title(), task.description(), task.completed(), task.owner(),
                task.createdAt(), task.updatedAt(), task.version());
    }

    /** The strong ETag of this version. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
