package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Content-Length is 1*DIGIT (RFC 9110 §8.6); a number too long for a long is still a number, and too large. */
class BodyLimitFilterTest {

    @Test
    void aDeclaredLengthIsDigitsOnly() {
        assertEquals(0, BodyLimitFilter.declared("0"));
        assertEquals(65_537, BodyLimitFilter.declared("65537"));
        assertEquals(Long.MAX_VALUE, BodyLimitFilter.declared("99999999999999999999999"));
        assertEquals(-1, BodyLimitFilter.declared(""));
        assertEquals(-1, BodyLimitFilter.declared("-1"));
        assertEquals(-1, BodyLimitFilter.declared("+5"));
        assertEquals(-1, BodyLimitFilter.declared("0x10"));
        assertEquals(-1, BodyLimitFilter.declared("1 2"));
    }
}
