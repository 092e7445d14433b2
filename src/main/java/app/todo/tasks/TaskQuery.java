package app.todo.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.todo.platform.Problem;
import app.todo.platform.ProblemException;

/** The query parameters of the listing, checked: any wrong one is a 400 that names it. */
final class TaskQuery {

    private TaskQuery() {
    }

    static TaskFilter parse(String completed, String sort, String limit, String cursor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Optional<Boolean> completedFilter = Optional.empty();
        if (completed != null) {
            if (completed.equals("true") || completed.equals("false")) {
                completedFilter = Optional.of(Boolean.valueOf(completed));
            } else {
                errors.add(new Problem.FieldError("completed", "must be true or false"));
            }
        }
        TaskSort order = TaskSort.DEFAULT;
        if (sort != null) {
            Optional<TaskSort> known = TaskSort.fromParameter(sort);
            if (known.isPresent()) {
                order = known.get();
            } else {
                errors.add(new Problem.FieldError("sort",
                        "must be one of created_at, -created_at, updated_at, -updated_at, title, -title"));
            }
        }
        int size = TaskFilter.DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > TaskFilter.MAX_LIMIT) {
                errors.add(new Problem.FieldError("limit", "must be a whole number from 1 to " + TaskFilter.MAX_LIMIT));
            }
        }
        Optional<TaskCursor> after = Optional.empty();
        if (cursor != null && errors.isEmpty()) {
            after = TaskCursor.decode(cursor, order);
            if (after.isEmpty()) {
                errors.add(new Problem.FieldError("cursor", "is not a cursor of this listing and sort"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "A query parameter is invalid.", errors);
        }
        return new TaskFilter(completedFilter, order, size, after);
    }
}
