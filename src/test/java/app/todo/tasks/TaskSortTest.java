package app.todo.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The listing's sort orders and their cursor keys (docs/api.md, Tasks), without a server. */
class TaskSortTest {

    @Test
    void theSixOrdersOfTheContract() {
        for (String p : new String[] {"created_at", "-created_at", "updated_at", "-updated_at", "title", "-title"}) {
            assertEquals(p, TaskSort.fromParameter(p).orElseThrow().parameter());
        }
        assertEquals(TaskSort.CREATED_AT_DESC, TaskSort.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "owner", "id", "CREATED_AT", "created_at ", "+title", "--title"})
    void anythingElseIsNoOrder(String parameter) {
        assertEquals(Optional.empty(), TaskSort.fromParameter(parameter));
    }

    @Test
    void aTimeKeyIsTheInstantInItsOwnTextForm() {
        Instant t = Instant.parse("2026-11-28T12:00:00Z");
        assertEquals(Optional.of(t.atOffset(ZoneOffset.UTC)), TaskSort.CREATED_AT_DESC.parseKey(t.toString()));
        assertEquals(Optional.empty(), TaskSort.CREATED_AT_DESC.parseKey("2026-11-28T12:00Z"), "not Instant.toString()'s form");
        assertEquals(Optional.empty(), TaskSort.CREATED_AT_DESC.parseKey("2026-11-28T12:00:00+00:00"));
        assertEquals(Optional.empty(), TaskSort.UPDATED_AT_ASC.parseKey("+10000-01-01T00:00:00Z"), "beyond year 9999");
        assertTrue(TaskSort.UPDATED_AT_ASC.parseKey("0001-01-01T00:00:00Z").isPresent());
    }

    @Test
    void aTitleKeyIsATitleTheServiceWouldStore() {
        assertEquals(Optional.of("Buy milk"), TaskSort.TITLE_ASC.parseKey("Buy milk"));
        assertEquals(Optional.empty(), TaskSort.TITLE_ASC.parseKey(""));
        assertEquals(Optional.empty(), TaskSort.TITLE_ASC.parseKey(" padded "), "titles are stored trimmed");
        assertEquals(Optional.empty(), TaskSort.TITLE_ASC.parseKey("x".repeat(TaskRules.TITLE_MAX + 1)));
        assertEquals(Optional.empty(), TaskSort.TITLE_DESC.parseKey("nul\0inside"));
    }
}
