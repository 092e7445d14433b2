package app.todo.identity.config;

import java.time.Duration;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * MicroProfile Config converter for the duration settings ({@code 60s}, {@code 15m}, {@code 24h},
 * {@code PT24H}, a bare number of seconds), registered in
 * {@code META-INF/services/org.eclipse.microprofile.config.spi.Converter}; the rule is {@link Durations}.
 */
public class DurationConverter implements Converter<Duration> {

    private static final long serialVersionUID = 1L;

    @Override
    public Duration convert(String value) {
        return value == null || value.isBlank() ? null : Durations.parse(value);
    }
}
