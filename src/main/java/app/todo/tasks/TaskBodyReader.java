package app.todo.tasks;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParsingException;
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
        Fields fields = parse(body);
        List<Problem.FieldError> errors = new ArrayList<>();

        // on create an absent title is checked too: it is required
        String title = fields.title.present || create
                ? checked(fields.title, "title", String.class, "must be a string", String::strip, errors) : null;
        String description = fields.description.present ? checked(fields.description, "description", String.class,
                "must be a string or null", UnaryOperator.identity(), errors) : null;
        Boolean completed = fields.completed.present ? checked(fields.completed, "completed", Boolean.class,
                "must be true or false", UnaryOperator.identity(), errors) : null;
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "The request body breaks a validation rule.", errors);
        }
        return new TaskChanges(Optional.ofNullable(title), fields.description.present, description,
                Optional.ofNullable(completed));
    }

    /**
     * The field's value as this type, normalised and checked against {@link TaskRules}; a value of another
     * JSON type is one error for the field (and not checked further). Null stays null.
     */
    private <T> T checked(Field field, String name, Class<T> type, String typeMessage, UnaryOperator<T> normalise,
                          List<Problem.FieldError> errors) {
        if (field.value != null && !type.isInstance(field.value)) {
            errors.add(new Problem.FieldError(name, typeMessage));
            return null;
        }
        T value = field.value == null ? null : normalise.apply(type.cast(field.value));
        validate(name, value, errors);
        return value;
    }

    private void validate(String field, Object value, List<Problem.FieldError> errors) {
        for (ConstraintViolation<TaskRules> v : validator.validateValue(TaskRules.class, field, value)) {
            errors.add(new Problem.FieldError(field, v.getMessage()));
        }
    }

    /** A field as sent: whether it was there at all, and its scalar value (or a marker for a non-scalar). */
    private static final class Field {
        boolean present;
        Object value;
    }

    private static final class Fields {
        final Field title = new Field();
        final Field description = new Field();
        final Field completed = new Field();

        Field named(String name) {
            return switch (name) {
                case "title" -> title;
                case "description" -> description;
                case "completed" -> completed;
                default -> null;
            };
        }
    }

    /** Marks a value of the wrong JSON type (object, array or number) without keeping it. */
    private static final Object NOT_SCALAR = new Object();

    /**
     * Deepest nesting of arrays and objects accepted anywhere in a body, the body's own object counted
     * as 1. A task body needs 1; the bound leaves room for clients that send extra structured fields.
     */
    static final int MAX_DEPTH = 32;

    private static final String NOT_JSON = "The request body is not well-formed JSON (UTF-8).";

    /**
     * The JSON-P parser factory, looked up once: {@code Json.createParser} looks the provider up with a
     * ServiceLoader scan of the class path on every call, ~11 % of the CPU samples of a create under load
     * (docs/performance.md, "Writes").
     */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private static Fields parse(byte[] body) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Fields fields = new Fields();
        try (JsonParser parser = PARSERS.createParser(new InputStreamReader(new ByteArrayInputStream(body), decoder))) {
            if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
                throw new ProblemException(400, "The request body must be a JSON object.");
            }
            while (true) {
                Event event = parser.next();
                if (event == Event.END_OBJECT) {
                    break;
                }
                String name = parser.getString();
                Event valueEvent = parser.next();
                Object value = switch (valueEvent) {
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
                Field field = fields.named(name);
                if (field != null) {
                    field.present = true;
                    field.value = value;
                }
            }
            if (parser.hasNext()) {
                throw new ProblemException(400, "The request body must hold exactly one JSON object.");
            }
            return fields;
        } catch (JsonParsingException | java.util.NoSuchElementException | IllegalStateException e) {
            throw new ProblemException(400, NOT_JSON);
        } catch (jakarta.json.JsonException e) {
            throw new ProblemException(400, NOT_JSON);
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
                default -> {
                    // a scalar or a key: consumed, nothing kept
                }
            }
        }
    }
}
