package app.todo.tasks;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParser.Event;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import app.todo.platform.problem.Problem;
import app.todo.platform.problem.ProblemException;

/**
 * Reads a task body: a JSON object whose {@code title}, {@code description} and {@code completed}
 * are taken and checked against {@link TaskRules}; anything else (unknown fields, an {@code id} or
 * {@code user_id}) is skipped without being built into memory. Malformed JSON or invalid UTF-8 is a
 * 400; a well-formed body that breaks a rule is a 422 listing every broken field.
 */
@ApplicationScoped
public class TaskBodyReader {

    @Inject
    Validator validator;

    /** The body of a create: title required. */
    public TaskChanges forCreate(byte[] body) {
        return read(body, true);
    }

    /** The body of an update: every field optional. */
    public TaskChanges forUpdate(byte[] body) {
        return read(body, false);
    }

    private TaskChanges read(byte[] body, boolean create) {
        Map<String, Object> fields = parse(body);
        List<Problem.FieldError> errors = new ArrayList<>();
        // on create an absent title is checked too: it is required
        String title = fields.containsKey("title") || create
                ? checked(fields, "title", String.class, "must be a string", String::strip, errors) : null;
        String description = fields.containsKey("description") ? checked(fields, "description", String.class,
                "must be a string or null", UnaryOperator.identity(), errors) : null;
        Boolean completed = fields.containsKey("completed") ? checked(fields, "completed", Boolean.class,
                "must be true or false", UnaryOperator.identity(), errors) : null;
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "The request body breaks a validation rule.", errors);
        }
        return new TaskChanges(Optional.ofNullable(title), fields.containsKey("description"), description,
                Optional.ofNullable(completed));
    }

    /**
     * The field's value as this type, normalised and checked against {@link TaskRules}; a value of another
     * JSON type is one error for the field (and not checked further). Null (or absent) stays null.
     */
    private <T> T checked(Map<String, Object> fields, String name, Class<T> type, String typeMessage,
                          UnaryOperator<T> normalise, List<Problem.FieldError> errors) {
        Object sent = fields.get(name);
        if (sent != null && !type.isInstance(sent)) {
            errors.add(new Problem.FieldError(name, typeMessage));
            return null;
        }
        T value = sent == null ? null : normalise.apply(type.cast(sent));
        for (ConstraintViolation<TaskRules> v : validator.validateValue(TaskRules.class, name, value)) {
            errors.add(new Problem.FieldError(name, v.getMessage()));
        }
        return value;
    }

    /** The fields read; any other is skipped. */
    private static final Set<String> FIELDS = Set.of("title", "description", "completed");

    /** Marks a value of the wrong JSON type (object, array or number) without keeping it. */
    private static final Object NOT_SCALAR = new Object();

    /**
     * Deepest nesting of arrays and objects accepted anywhere in a body, the body's own object counted
     * as 1. A task body needs 1; the bound leaves room for clients that send extra structured fields.
     */
    static final int MAX_DEPTH = 32;

    /**
     * The JSON-P parser factory, looked up once: {@code Json.createParser} looks the provider up with a
     * ServiceLoader scan of the class path on every call, ~11 % of the CPU samples of a create under load
     * (docs/performance.md, "Writes").
     */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    /** The fields of {@link #FIELDS} the body sends, each with its scalar value or {@link #NOT_SCALAR}. */
    private static Map<String, Object> parse(byte[] body) {
        var decoder = StandardCharsets.UTF_8.newDecoder(); // reports invalid UTF-8: REPORT is a new decoder's action
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = PARSERS.createParser(new InputStreamReader(new ByteArrayInputStream(body), decoder))) {
            if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
                throw new ProblemException(400, "The request body must be a JSON object.");
            }
            for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
                String name = parser.getString();
                Object value = switch (parser.next()) {
                    case VALUE_STRING -> parser.getString();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    case START_OBJECT, START_ARRAY -> {
                        skipStructure(parser);
                        yield NOT_SCALAR;
                    }
                    default -> NOT_SCALAR;
                };
                if (FIELDS.contains(name)) {
                    fields.put(name, value);
                }
            }
            if (parser.hasNext()) {
                throw new ProblemException(400, "The request body must hold exactly one JSON object.");
            }
            return fields;
        } catch (JsonException | NoSuchElementException | IllegalStateException e) {
            throw new ProblemException(400, "The request body is not well-formed JSON (UTF-8).");
        }
    }

    /**
     * Skips the array or object whose start the parser has just returned (at depth 2: inside the body's
     * object), one event at a time, so every turn of the loop consumes input and the end of the input
     * ends it with an exception. Not {@code skipArray()}/{@code skipObject()}: in the server's JSON-P
     * (Parsson 1.1.5) they spin for ever on a structure that the input never closes.
     *
     * @throws ProblemException 400 when the nesting goes deeper than {@link #MAX_DEPTH}
     */
    private static void skipStructure(JsonParser parser) {
        int depth = 2;
        while (depth > 1) {
            switch (parser.next()) {
                case START_ARRAY, START_OBJECT -> {
                    if (++depth > MAX_DEPTH) {
                        throw new ProblemException(400, "The request body is nested deeper than " + MAX_DEPTH + " levels.");
                    }
                }
                case END_ARRAY, END_OBJECT -> depth--;
                default -> { } // a scalar or a key: consumed, nothing kept
            }
        }
    }
}
