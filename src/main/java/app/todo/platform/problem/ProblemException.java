package app.todo.platform.problem;

import java.util.List;

/** Thrown by resources to answer with a problem body of a given status and detail. */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(int status, String detail) {
        this(new Problem(status, detail));
    }

    public ProblemException(int status, String detail, List<Problem.FieldError> errors) {
        this(new Problem(status, detail, errors));
    }

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
