package app.todo.identity.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of the settings and of {@code identity.cli.TokenMinter}'s {@code --ttl}: a whole number
 * with a unit {@code s}, {@code m}, {@code h} or {@code d} ({@code 90s}, {@code 15m}, {@code 24h}), a bare
 * number of seconds, or ISO-8601 ({@code PT24H}). Hand-written beside {@link Duration#parse}, which takes
 * only ISO-8601, because operators write {@code 60s}. JDK only, so the minter runs without the server.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd]?)");

    private Durations() {
    }

    /** @throws IllegalArgumentException when the text is none of the forms above */
    public static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration (examples: 60s, 15m, 24h, PT24H)");
        }
    }
}
