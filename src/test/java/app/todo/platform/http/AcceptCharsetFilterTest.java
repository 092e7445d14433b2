package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Charset parameters leave Accept, everything else of it stays (issue 21: {@code charset=x} was a 500). */
class AcceptCharsetFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json; charset=x | application/json",
        "application/json;charset=x;q=0.9, text/* | application/json;q=0.9, text/*",
        "application/json; CHARSET=\"utf-8\"; q=1 | application/json;q=1",
        "application/json;q=0.5 | application/json;q=0.5",
        "*/*;x=\"a;charset=b,c\";charset=d | */*;x=\"a;charset=b,c\"",
        "application/json;charset | application/json",
    })
    void withoutCharset(String accept, String expected) {
        assertEquals(expected, AcceptCharsetFilter.withoutCharset(accept));
    }
}
