package app.todo.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** If-Match (RFC 9110 §13.1.1: strong comparison), If-None-Match (§13.1.2: weak) and list tags, without a server. */
class TaskViewTest {

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
        assertEquals(expected, TaskView.listed(ifMatch, "\"7\"", false));
    }

    @ParameterizedTest(name = "If-None-Match: {0} against \"7\" → {1}")
    @CsvSource(delimiter = '|', value = {
        "\"7\"               | true",
        "W/\"7\"             | true",
        "*                   | true",
        "\"3\", W/\"7\"      | true",
        "\"6\"               | false",
        "7                   | false",
        "w/\"7\"             | false",
        "W/ \"7\"            | false",
        "\"07\"              | false",
        "''                  | false",
        "\"7,\"              | false",
    })
    void noneMatchUsesTheWeakComparisonOfRfc9110(String ifNoneMatch, boolean names) {
        assertEquals(names, TaskView.listed(ifNoneMatch, "\"7\"", true));
    }

    @Test
    void aListTagChangesWithAnyListedVersionAndWithTheNextCursor() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        TaskView a = new TaskView("a", "A", null, false, "u", at, at, 1);
        TaskView b = new TaskView("b", "B", null, false, "u", at, at, 1);
        TaskView b2 = new TaskView("b", "B", null, true, "u", at, at.plusMillis(1), 2);
        String tag = new TaskPage(List.of(a, b), Optional.empty()).etag();
        assertEquals(tag, new TaskPage(List.of(a, b), Optional.empty()).etag(), "same content, same tag");
        assertTrue(tag.matches("\"[A-Za-z0-9_-]{22}\""), tag);
        Set<String> tags = new HashSet<>(List.of(tag,
                new TaskPage(List.of(a, b2), Optional.empty()).etag(),
                new TaskPage(List.of(a), Optional.empty()).etag(),
                new TaskPage(List.of(b, a), Optional.empty()).etag(),
                new TaskPage(List.of(), Optional.empty()).etag(),
                new TaskPage(List.of(a, b),
                        Optional.of(new TaskCursor(TaskSort.DEFAULT, at.toString(), "b"))).etag()));
        assertEquals(6, tags.size(), "every change of the page changes its tag: " + tags);
    }
}
