package app.todo.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsTheUsualForms() {
        assertEquals(Duration.ofSeconds(60), Durations.parse("k", "60"));
        assertEquals(Duration.ofSeconds(60), Durations.parse("k", "60s"));
        assertEquals(Duration.ofMinutes(15), Durations.parse("k", "15m"));
        assertEquals(Duration.ofHours(24), Durations.parse("k", "24h"));
        assertEquals(Duration.ofHours(24), Durations.parse("k", "PT24H"));
    }

    @Test
    void refusesNonsenseNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("TODO_JWT_LEEWAY", "soon"));
        assertEquals(true, e.getMessage().startsWith("TODO_JWT_LEEWAY"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("k", ""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("k", "h"));
    }
}
