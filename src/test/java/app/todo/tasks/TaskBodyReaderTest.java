package app.todo.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.validation.Validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import app.todo.platform.problem.ProblemException;

/**
 * The task body reader alone, on the JSON-P (Parsson) and Bean Validation versions the server ships:
 * every body that ends early, never closes, or nests too deep is a 400 at once, never a hang.
 */
class TaskBodyReaderTest {

    /** Every case must be decided well within this; a spinning parser fails the test instead of hanging it. */
    static final Duration BOUND = Duration.ofSeconds(2);

    static TaskBodyReader reader() {
        TaskBodyReader reader = new TaskBodyReader();
        reader.validator = Validation.buildDefaultValidatorFactory().getValidator();
        return reader;
    }

    private final TaskBodyReader reader = reader();

    static int status(TaskBodyReader reader, String body, boolean create) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return assertTimeoutPreemptively(BOUND, () -> {
            try {
                if (create) {
                    reader.forCreate(bytes);
                } else {
                    reader.forUpdate(bytes);
                }
                return 200;
            } catch (ProblemException e) {
                return e.problem().status();
            }
        }, () -> "no answer within " + BOUND + " for body " + abbreviated(body));
    }

    static String abbreviated(String body) {
        return body.length() > 80 ? body.substring(0, 80) + "… (" + body.length() + " chars)" : body;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"title\":\"x\",\"junk\":[",            // the reported hang: an unknown field's array never closed
        "{\"title\":\"x\",\"junk\":{",
        "{\"title\":\"x\",\"junk\":[1,2",
        "{\"title\":\"x\",\"junk\":[[[[",
        "{\"title\":\"x\",\"junk\":{\"a\":[",
        "{\"title\":\"x\",\"junk\":{\"a\":",
        "{\"title\":\"x\",\"junk\":[\"unterminated",
        "{\"title\":\"x\",\"junk\":[}",
        "{\"title\":\"x\",\"junk\":{]",
        "{\"title\":\"x\",\"junk\":[1,]",
        "{\"title\":\"x\",\"junk\":[1 2]",
        "{\"title\":\"x\",\"junk\":{\"a\" 1}}",
        "{\"title\":\"x\",",
        "{\"title\":",
        "{\"title\"",
        "{",
        "",
        "   ",
        "[",
        "{\"title\":\"x\"}}",
        "{\"title\":\"x\"}]",
        "{\"title\":\"x\"} {}",
    })
    void aBodyThatIsNotOneWholeObjectIsA400AtOnce(String body) {
        assertEquals(400, status(reader, body, true), () -> "body " + body);
        assertEquals(400, status(reader, body, false), () -> "update body " + body);
    }

    @Test
    void everyTruncationOfAValidBodyIsA400() {
        String whole = "{\"title\":\"Buy milk\",\"junk\":[1,{\"a\":[true,null,\"s\"]},[[]]],\"description\":\"2 l\","
                + "\"completed\":false,\"more\":{\"b\":{\"c\":[]}}}";
        assertEquals(200, status(reader, whole, true));
        for (int end = 0; end < whole.length(); end++) {
            String cut = whole.substring(0, end);
            assertEquals(400, status(reader, cut, true), () -> "truncated body " + cut);
        }
    }

    @Test
    void nestingUpToTheBoundIsSkipped() {
        int inner = TaskBodyReader.MAX_DEPTH - 1;   // the body's own object is level 1
        String body = "{\"title\":\"x\",\"junk\":" + "[".repeat(inner) + "]".repeat(inner) + "}";
        assertEquals(200, status(reader, body, true));
    }

    @Test
    void nestingBeyondTheBoundIsA400EvenWhenBalanced() {
        int inner = TaskBodyReader.MAX_DEPTH;
        String body = "{\"title\":\"x\",\"junk\":" + "[".repeat(inner) + "]".repeat(inner) + "}";
        assertEquals(400, status(reader, body, true));
    }

    @Test
    void deepNestingThatFillsTheWholeBodyIsA400() {
        String body = "{\"title\":\"x\",\"junk\":" + "[{\"a\":".repeat(6_000);
        assertEquals(400, status(reader, body, true));
    }

    static Stream<String> wrongTypes() {
        return Stream.of("{\"title\":[1,[2]]}", "{\"title\":{\"a\":{}}}", "{\"title\":1e999999999}", "{\"title\":-0.0}");
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void aWellFormedValueOfTheWrongTypeIsA422(String body) {
        assertEquals(422, status(reader, body, true));
    }

    @Test
    void unknownStructuredFieldsAreSkippedAndTheKnownOnesKept() {
        TaskChanges changes = reader.forUpdate(("{\"junk\":{\"title\":\"not me\",\"x\":[{}]},\"title\":\"  me \","
                + "\"user_id\":\"bob\",\"id\":[\"y\"]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("me"), changes.title());
        assertFalse(changes.descriptionSet());
    }

    @Test
    void invalidUtf8IsA400() {
        byte[] body = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ProblemException e = assertThrows(ProblemException.class, () -> reader.forCreate(body));
        assertEquals(400, e.problem().status());
    }

    @Test
    void aFullSizeBodyOfOpenBracketsIsA400WithinTheBound() {
        String body = "{\"title\":\"x\",\"junk\":" + "[".repeat(64 * 1024 - 30);
        assertEquals(400, status(reader, body, true));
    }
}
