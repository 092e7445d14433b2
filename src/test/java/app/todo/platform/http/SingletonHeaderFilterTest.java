package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The singleton-header rule without a server: each field of the list, repeated or holding a list. */
class SingletonHeaderFilterTest {

    private static final Map<String, String> ONE_EACH = Map.of(
            "Host", "api.example:8080",
            "Authorization", "Bearer aaa.bbb.ccc",
            "Content-Length", "13",
            "Content-Type", "application/json; charset=utf-8");

    @Test
    void eachFieldOnceIsFine() {
        assertEquals(Optional.empty(), check(lines(ONE_EACH, null, null)));
    }

    @Test
    void noFieldsAtAllIsFine() {
        assertEquals(Optional.empty(), check(Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "Authorization", "Content-Length", "Content-Type"})
    void aFieldSentTwiceIsRefusedByName(String field) {
        SingletonHeaderFilter.Violation violation = check(lines(ONE_EACH, field, ONE_EACH.get(field))).orElseThrow();
        assertEquals(field, violation.field());
        assertEquals(2, violation.lines());
        assertTrue(violation.detail().contains(field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "Authorization", "Content-Length", "Content-Type"})
    void aFieldHoldingAListIsRefusedByName(String field) {
        Map<String, String> listed = new TreeMap<>(ONE_EACH);
        listed.put(field, switch (field) {
            case "Host" -> "a.example, b.example";
            case "Authorization" -> "Bearer aaa.bbb.ccc, Bearer ddd.eee.fff";
            case "Content-Length" -> "13, 13";
            default -> "application/json, text/plain";
        });
        SingletonHeaderFilter.Violation violation = check(lines(listed, null, null)).orElseThrow();
        assertEquals(field, violation.field());
        assertEquals(1, violation.lines());
        assertTrue(violation.detail().contains(field));
    }

    @Test
    void threeLinesAreCounted() {
        Map<String, List<String>> headers = Map.of("Host", List.of("a", "b", "c"));
        assertEquals("Host sent 3 times", check(headers).orElseThrow().reason());
    }

    @Test
    void aCommaInAQuotedContentTypeParameterIsNoList() {
        assertFalse(SingletonHeaderFilter.holdsList("Content-Type", "multipart/mixed; boundary=\"a,b\""));
        assertTrue(SingletonHeaderFilter.holdsList("Content-Type", "text/plain; x=\"a\\\"\", application/json"));
    }

    @Test
    void listFieldsMayRepeat() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lines(ONE_EACH, null, null).forEach(headers::put);
        headers.put("If-Match", List.of("\"1\"", "\"2\""));
        headers.put("X-Request-Id", List.of("a", "b"));
        assertEquals(Optional.empty(), check(headers));
    }

    @Test
    void theLogReasonNeverCarriesAValue() {
        SingletonHeaderFilter.Violation violation = check(lines(ONE_EACH, "Authorization", "Bearer secret.token.here")).orElseThrow();
        assertFalse(violation.reason().contains("secret") || violation.detail().contains("secret"));
    }

    private static Optional<SingletonHeaderFilter.Violation> check(Map<String, List<String>> headers) {
        return SingletonHeaderFilter.check(name -> enumeration(headers, name));
    }

    private static Enumeration<String> enumeration(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(e -> Collections.enumeration(e.getValue())).orElse(Collections.emptyEnumeration());
    }

    /** One line per field, plus {@code extra} as a second line of {@code field} when given. */
    private static Map<String, List<String>> lines(Map<String, String> single, String field, String extra) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        single.forEach((k, v) -> headers.put(k, field != null && field.equals(k) ? List.of(v, extra) : List.of(v)));
        return headers;
    }
}
