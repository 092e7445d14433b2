package app.todo.identity.service;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the duration settings: {@code 90} (seconds), {@code 90s}, {@code 15m}, {@code 24h}, or ISO-8601 {@code PT24H}. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String key, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
            String digits = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1);
            long amount = Long.parseLong(digits);
            return switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException();
                    }
                    yield Duration.ofSeconds(amount);
                }
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(key + " is not a duration (examples: 60s, 15m, 24h, PT24H)");
        }
    }
}
