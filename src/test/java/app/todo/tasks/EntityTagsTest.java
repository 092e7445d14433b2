package app.todo.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** If-Match against version 7 (RFC 9110 §13.1.1: strong comparison, a list, or {@code *}), without a server. */
class EntityTagsTest {

    @ParameterizedTest(name = "If-Match: {0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "\"7\"               | true",
        "*                   | true",
        "\"3\", \"7\"        | true",
        "\"3\",\"7\"         | true",
        "  \"7\"  ,\"9\"     | true",
        "\"6\"               | false",
        "W/\"7\"             | false",
        "7                   | false",
        "\"07\"              | false",
        "\"7 \"              | false",
        "''                  | false",
        "\"3\", \"8\"        | false",
    })
    void matchesOnlyTheCurrentStrongTag(String ifMatch, boolean expected) {
        assertEquals(expected, EntityTags.matches(ifMatch, 7));
    }
}
