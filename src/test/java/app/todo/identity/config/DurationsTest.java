package app.todo.identity.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The duration syntax of the settings and of the minter's --ttl. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({"60, PT60S", "60s, PT60S", "15m, PT15M", "24h, PT24H", "2d, PT48H", "PT24H, PT24H", "pt1m, PT1M",
        "' 90s ', PT90S", "0s, PT0S"})
    void readsEachForm(String text, String expected) {
        assertEquals(Duration.parse(expected), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "h", "15x", "1.5h", "-5s", "99999999999s", "P"})
    void refusesAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }
}
