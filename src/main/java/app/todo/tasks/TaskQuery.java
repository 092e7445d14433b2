package app.todo.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import app.todo.platform.problem.Problem;
import app.todo.platform.problem.ProblemException;

/**
 * The query parameters of the listing (API.md, Tasks), checked: any wrong one is a 400 that names it.
 * {@code completed} is {@code true|false}; {@code sort} one of {@link TaskSort}; {@code limit} a whole
 * number 1..200 in ASCII digits; {@code cursor} one this service wrote for the same sort
 * ({@link TaskCursor#decode}). Each may appear once: a repeated one is a 400, never "the first wins".
 * Other parameters are ignored, as unknown body fields are.
 */
final class TaskQuery {

    static final List<String> PARAMETERS = List.of("completed", "sort", "limit", "cursor");

    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");

    private TaskQuery() {
    }

    /**
     * @param query the decoded query parameters, each name with every value sent
     * @throws ProblemException 400 listing every invalid parameter
     */
    static TaskFilter parse(Map<String, List<String>> query) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String name : PARAMETERS) {
            List<String> values = query.get(name);
            if (values != null && values.size() > 1) {
                errors.add(new Problem.FieldError(name, "must be given at most once"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "A query parameter is invalid.", errors);
        }
        return parse(single(query, "completed"), single(query, "sort"), single(query, "limit"), single(query, "cursor"));
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The four parameters, each null when absent. */
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
            size = LIMIT.matcher(limit).matches() ? Integer.parseInt(limit) : -1;
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
