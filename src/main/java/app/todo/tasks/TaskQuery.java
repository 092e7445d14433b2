package app.todo.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import app.todo.platform.problem.Problem;
import app.todo.platform.problem.ProblemException;

/**
 * What a listing asks for: an optional completed filter, the order, the page size and where to start; read from the
 * query parameters (API.md, Tasks). {@code completed} is {@code true|false}; {@code sort} one of {@link TaskSort};
 * {@code limit} a whole number 1..200 in ASCII digits; {@code cursor} one this service wrote for the same sort
 * ({@link TaskCursor#decode}). Each may appear once: a repeated one is a 400, never "the first wins". Other
 * parameters are ignored, as unknown body fields are.
 */
public record TaskQuery(Optional<Boolean> completed, TaskSort sort, int limit, Optional<TaskCursor> after) {

    static final List<String> PARAMETERS = List.of("completed", "sort", "limit", "cursor");
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 200;

    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");

    /**
     * @param query the decoded query parameters, each name with every value sent
     * @throws ProblemException 400 listing every invalid parameter
     */
    static TaskQuery parse(Map<String, List<String>> query) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String name : PARAMETERS) {
            if (query.getOrDefault(name, List.of()).size() > 1) {
                errors.add(new Problem.FieldError(name, "must be given at most once"));
            }
        }
        refuseIfAny(errors);
        String completed = single(query, "completed");
        String sort = single(query, "sort");
        String limit = single(query, "limit");
        String cursor = single(query, "cursor");
        Optional<Boolean> completedFilter = Optional.empty();
        if (completed != null) {
            if (completed.equals("true") || completed.equals("false")) {
                completedFilter = Optional.of(Boolean.valueOf(completed));
            } else {
                errors.add(new Problem.FieldError("completed", "must be true or false"));
            }
        }
        Optional<TaskSort> order = sort == null ? Optional.of(TaskSort.DEFAULT) : TaskSort.fromParameter(sort);
        if (order.isEmpty()) {
            errors.add(new Problem.FieldError("sort",
                    "must be one of created_at, -created_at, updated_at, -updated_at, title, -title"));
        }
        int size = limit == null ? DEFAULT_LIMIT : LIMIT.matcher(limit).matches() ? Integer.parseInt(limit) : -1;
        if (size < 1 || size > MAX_LIMIT) {
            errors.add(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        }
        Optional<TaskCursor> after = Optional.empty();
        if (cursor != null && errors.isEmpty()) {
            after = TaskCursor.decode(cursor, order.get());
            if (after.isEmpty()) {
                errors.add(new Problem.FieldError("cursor", "is not a cursor of this listing and sort"));
            }
        }
        refuseIfAny(errors);
        return new TaskQuery(completedFilter, order.get(), size, after);
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void refuseIfAny(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "A query parameter is invalid.", errors);
        }
    }
}
