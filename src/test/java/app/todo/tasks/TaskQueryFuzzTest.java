package app.todo.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import app.todo.platform.problem.ProblemException;

/**
 * The listing's query parameters and cursors, fuzzed without a server: whatever arrives, the answer is a
 * filter whose every part the database columns can hold, or a 400 — never another exception (a 500).
 * Budget: jqwik's tries per property (below), about a second in all.
 */
class TaskQueryFuzzTest {

    /** A filter, or the status of the refusal; anything else escapes and fails the property. */
    static int outcome(Map<String, List<String>> query) {
        try {
            TaskQuery filter = TaskQuery.parse(query);
            filter.after().ifPresent(TaskQueryFuzzTest::assertStorable);
            return 200;
        } catch (ProblemException e) {
            return e.problem().status();
        }
    }

    static void assertStorable(TaskCursor cursor) {
        Object key = cursor.sort().parseKey(cursor.key()).orElseThrow();
        if (key instanceof java.time.OffsetDateTime time) {
            Instant instant = time.toInstant();
            assertTrue(!instant.isBefore(TaskSort.EARLIEST) && !instant.isAfter(TaskSort.LATEST), () -> "key " + instant);
        } else {
            String title = (String) key;
            assertTrue(title.length() >= 1 && title.length() <= TaskRules.TITLE_MAX && title.indexOf('\0') < 0);
        }
        assertEquals(Task.canonicalId(cursor.id()), Optional.of(cursor.id()));
    }

    static String cursorText(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static final String ID = "3f1c2a4e-0b6d-4c1e-9a8b-7d6e5f4a3b2c";

    // Regression cases: inputs that once answered 500.

    @Example
    void aTimeKeyBeyondWhatTheColumnHoldsIsA400() {
        assertEquals(400, outcome(Map.of("sort", List.of("-created_at"),
                "cursor", List.of(cursorText("-created_at\n" + ID + "\n+294277-01-01T00:00:00Z")))));
    }

    @Example
    void aTimeKeyBeyondWhatJavaHoldsIsA400() {
        assertEquals(400, outcome(Map.of("cursor", List.of(cursorText("-created_at\n" + ID + "\n+1000000000-12-31T23:59:59.999999999Z")))));
    }

    @Example
    void aTitleKeyWithNulIsA400() {
        assertEquals(400, outcome(Map.of("sort", List.of("title"), "cursor", List.of(cursorText("title\n" + ID + "\na\0b")))));
    }

    @Example
    void aRepeatedParameterIsA400() {
        assertEquals(400, outcome(Map.of("limit", List.of("5", "500"))));
    }

    @Example
    void nonAsciiDigitsAreNotALimit() {
        assertEquals(400, outcome(Map.of("limit", List.of("\u0665"))));
        assertEquals(400, outcome(Map.of("limit", List.of("+5"))));
    }

    @Example
    void aPaddedCursorIsNotTheSameCursor() {
        String plain = "-created_at\n" + ID + "\n2026-11-28T12:00:00Z";
        String canonical = cursorText(plain);
        assertEquals(200, outcome(Map.of("cursor", List.of(canonical))));
        String padded = Base64.getUrlEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        if (!padded.equals(canonical)) {
            assertEquals(400, outcome(Map.of("cursor", List.of(padded))));
        }
    }

    // Properties.

    @Property(tries = 300)
    void anyTextAsAnyParameterIsAFilterOrA400(@ForAll("parameterNames") String name, @ForAll("anyText") String value) {
        int status = outcome(Map.of(name, List.of(value)));
        assertTrue(status == 200 || status == 400, () -> "status " + status);
    }

    @Property(tries = 300)
    void anyDecodedCursorIsAFilterOrA400(@ForAll("sorts") TaskSort sort, @ForAll("cursorPlains") String plain) {
        int status = outcome(Map.of("sort", List.of(sort.parameter()), "cursor", List.of(cursorText(plain))));
        assertTrue(status == 200 || status == 400, () -> "status " + status);
    }

    @Property(tries = 300)
    void aMutatedCursorIsAFilterOrA400(@ForAll("validCursors") TaskCursor cursor, @ForAll @IntRange(min = 0, max = 10_000) int at,
                                       @ForAll char replacement) {
        String text = cursor.encode();
        int i = at % text.length();
        String mutated = text.substring(0, i) + replacement + text.substring(i + 1);
        int status = outcome(Map.of("sort", List.of(cursor.sort().parameter()), "cursor", List.of(mutated)));
        assertTrue(status == 200 || status == 400, () -> "status " + status);
    }

    @Property(tries = 300)
    void everyCursorTheServiceWritesReadsBackTheSame(@ForAll("validCursors") TaskCursor cursor) {
        assertEquals(Optional.of(cursor), TaskCursor.decode(cursor.encode(), cursor.sort()));
    }

    @Provide
    Arbitrary<String> parameterNames() {
        return Arbitraries.of(TaskQuery.PARAMETERS);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(2_000),
                Arbitraries.strings().withChars("0123456789+-.eE").ofMaxLength(12),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/").ofMaxLength(300));
    }

    @Provide
    Arbitrary<TaskSort> sorts() {
        return Arbitraries.of(TaskSort.class);
    }

    @Provide
    Arbitrary<String> cursorPlains() {
        Arbitrary<String> sortNames = Arbitraries.oneOf(Arbitraries.of(TaskSort.class).map(TaskSort::parameter),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.just(ID), Arbitraries.just(ID.toUpperCase()),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.longs().map(s -> Instant.ofEpochSecond(s % Instant.MAX.getEpochSecond()).toString()),
                Arbitraries.longs().between(-400_000, 400_000).map(y -> String.format("%+d-01-01T00:00:00Z", y)),
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("0123456789-:TZ.+").ofMaxLength(40));
        return Combinators.combine(sortNames, ids, keys).as((s, i, k) -> s + "\n" + i + "\n" + k);
    }

    @Provide
    Arbitrary<TaskCursor> validCursors() {
        Arbitrary<Instant> times = Arbitraries.longs().between(TaskSort.EARLIEST.getEpochSecond(), TaskSort.LATEST.getEpochSecond())
                .flatMap(s -> Arbitraries.integers().between(0, 999_999).map(micros -> Instant.ofEpochSecond(s, micros * 1_000L)));
        Arbitrary<String> titles = Arbitraries.strings().ofMinLength(1).ofMaxLength(TaskRules.TITLE_MAX)
                .filter(t -> t.equals(t.strip()) && !t.isEmpty() && t.matches(TaskRules.STORABLE_TEXT));
        Arbitrary<String> ids = Arbitraries.create(() -> java.util.UUID.randomUUID().toString());
        return Combinators.combine(Arbitraries.of(TaskSort.class), times, titles, ids).as((sort, time, title, id) ->
                new TaskCursor(sort, sort.column().equals("title") ? title : time.toString(), id));
    }
}
