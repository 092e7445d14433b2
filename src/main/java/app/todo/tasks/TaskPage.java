package app.todo.tasks;

import java.util.List;
import java.util.Optional;

/** One page of a listing, and the cursor of the next one when there is more. */
public record TaskPage(List<TaskView> tasks, Optional<TaskCursor> next) {
}
