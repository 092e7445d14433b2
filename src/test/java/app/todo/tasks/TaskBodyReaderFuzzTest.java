package app.todo.tasks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The task body reader fuzzed without a server: arbitrary text and bytes, and valid bodies cut, spliced
 * and mutated. Invariant: a task change, or a 400/422 problem; nothing else escapes (it would be a 500),
 * and each body is decided within {@link TaskBodyReaderTest#BOUND}.
 * Budget: jqwik's tries per property (below), a few seconds in all.
 */
class TaskBodyReaderFuzzTest {

    private final TaskBodyReader reader = TaskBodyReaderTest.reader();

    private static final String VALID = "{\"title\":\"Buy milk\",\"description\":\"2 l\",\"completed\":true,"
            + "\"junk\":[1,{\"a\":[null,\"s\",{}]},[[]]],\"id\":\"x\",\"user_id\":\"bob\"}";

    private void decided(String body) {
        for (boolean create : new boolean[] {true, false}) {
            int status = TaskBodyReaderTest.status(reader, body, create);
            assertTrue(status == 200 || status == 400 || status == 422, () -> "status " + status);
        }
    }

    @Property(tries = 300)
    void anyTextIsDecided(@ForAll("jsonish") String body) {
        decided(body);
    }

    @Property(tries = 300)
    void anyBytesAreDecided(@ForAll byte[] body) {
        for (boolean create : new boolean[] {true, false}) {
            int status = TaskBodyReaderTest.status(reader, new String(body, StandardCharsets.ISO_8859_1), create);
            assertTrue(status == 200 || status == 400 || status == 422, () -> "status " + status);
        }
    }

    @Property(tries = 300)
    void aMutatedValidBodyIsDecided(@ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll("jsonChars") char c,
                                    @ForAll @IntRange(min = 0, max = 3) int edit) {
        int i = at % VALID.length();
        decided(switch (edit) {
            case 0 -> VALID.substring(0, i) + c + VALID.substring(i + 1);
            case 1 -> VALID.substring(0, i) + c + VALID.substring(i);
            case 2 -> VALID.substring(0, i) + VALID.substring(i + 1);
            default -> VALID.substring(0, i);
        });
    }

    @Provide
    Arbitrary<Character> jsonChars() {
        return Arbitraries.oneOf(Arbitraries.chars().with("{}[]\":,0123456789.eE-+tfnu \\"), Arbitraries.chars());
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+truefalsnl \\").ofMaxLength(500);
        Arbitrary<String> deep = Arbitraries.integers().between(1, 20_000)
                .flatMap(n -> Arbitraries.of("[", "{\"a\":", "[{\"b\":[").map(open -> "{\"title\":\"x\",\"j\":" + open.repeat(n)));
        return Arbitraries.oneOf(noise, deep, Arbitraries.strings().ofMaxLength(1_000));
    }
}
