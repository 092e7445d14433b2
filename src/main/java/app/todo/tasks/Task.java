package app.todo.tasks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One user's task. Its owner is fixed at creation and never changes; the version counts changes for
 * optimistic locking and ETags; times are UTC, to the microsecond PostgreSQL keeps.
 */
@Entity
@Table(name = "tasks")
public class Task {

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 128, updatable = false)
    private String owner;

    @Column(nullable = false, length = 255)
    private String title;

    @Column(length = 10_000)
    private String description;

    @Column(nullable = false)
    private boolean completed;

    // OffsetDateTime (UTC) because EclipseLink 4.0 maps Instant as a serialized blob, not a timestamp.
    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Version
    @Column(nullable = false)
    private long version;

    protected Task() {
    }

    Task(String owner, String title, String description, boolean completed, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.owner = Objects.requireNonNull(owner);
        this.title = Objects.requireNonNull(title);
        this.description = description;
        this.completed = completed;
        this.createdAt = truncate(now);
        this.updatedAt = this.createdAt;
    }

    void change(TaskChanges changes, Instant now) {
        changes.title().ifPresent(t -> this.title = t);
        if (changes.descriptionSet()) {
            this.description = changes.description();
        }
        changes.completed().ifPresent(c -> this.completed = c);
        this.updatedAt = truncate(now);
    }

    void toggleCompleted(Instant now) {
        this.completed = !this.completed;
        this.updatedAt = truncate(now);
    }

    private static OffsetDateTime truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    long version() {
        return version;
    }

    TaskView view() {
        return new TaskView(id, title, description, completed, owner, createdAt.toInstant(), updatedAt.toInstant(),
                version);
    }

    /** A task id is a UUID in its 8-4-4-4-12 form, any case: the id in lower case, or empty when it is not one. */
    static Optional<String> canonicalId(String id) {
        return id != null && UUID_FORM.matcher(id).matches() ? Optional.of(id.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
}
