package app.todo.tasks;

import java.util.Optional;

/** What a listing asks for: an optional completed filter, the order, the page size and where to start. */
public record TaskFilter(Optional<Boolean> completed, TaskSort sort, int limit, Optional<TaskCursor> after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 200;
}
