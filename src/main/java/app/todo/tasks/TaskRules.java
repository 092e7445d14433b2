package app.todo.tasks;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The validation rules of a task's fields, declared once for Bean Validation; {@link TaskBodyReader}
 * checks each field a body sends against them with {@code Validator.validateValue}.
 */
public final class TaskRules {

    public static final int TITLE_MAX = 255;
    public static final int DESCRIPTION_MAX = 10_000;

    /** Text the database can store as sent: no NUL, no unpaired surrogate. */
    static final String STORABLE_TEXT = "[^\\x00\\x{D800}-\\x{DFFF}]*";

    @NotNull(message = "is required")
    @Size(min = 1, max = TITLE_MAX, message = "must be 1 to " + TITLE_MAX + " characters after trimming")
    @Pattern(regexp = STORABLE_TEXT, message = "must not contain NUL or unpaired surrogate characters")
    String title;

    @Size(max = DESCRIPTION_MAX, message = "must be at most " + DESCRIPTION_MAX + " characters")
    @Pattern(regexp = STORABLE_TEXT, message = "must not contain NUL or unpaired surrogate characters")
    String description;

    @NotNull(message = "must be true or false")
    Boolean completed;

    private TaskRules() {
    }
}
