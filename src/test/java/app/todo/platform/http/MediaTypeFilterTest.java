package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Accept and Content-Type as RFC 9110 writes them: handed on with only what the service uses, or refused (null). */
class MediaTypeFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json | application/json",
        "*/* | */*",
        "application/json; charset=x | application/json",
        "application/json;charset=x;q=0.9, text/* | application/json;q=0.9, text/*",
        "application/json; CHARSET=\"utf-8\"; Q=1 | application/json;q=1",
        "*/*;x=\"a;charset=b,c\";charset=d | */*",
        "text/html;level=1;q=0.5 , , application/json;; | text/html;q=0.5, application/json",
        "'' | */*",
        "' , ' | */*",
        "application/problem+json;q=1.000 | application/problem+json;q=1.000",
    })
    void acceptIsHandedOnWithOnlyItsWeights(String accept, String expected) {
        assertEquals(expected, MediaTypeFilter.accept(accept));
    }

    @org.junit.jupiter.api.Test
    void everyTokenCharacterMayNameAType() {
        assertEquals("a!#$%&'*+-.^_`|~/b;q=0.001", MediaTypeFilter.accept("a!#$%&'*+-.^_`|~/b ;q=0.001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "*/*; q;=0.5",              // issue 21: RESTEasy's 500
        "application/json; charset",
        "application/json;q=2", "application/json;q=-1", "application/json;q=0.0001", "application/json;q=1.5",
        "application/json;q=\"0.5\"", "application/json;q=0.5;q=0.4", "application/json;q=",
        "application", "application/", "/json", "*/json", "application/json/x", "application json",
        "application/json;x=\"unclosed", "application/json;x=a b", "text/é", "application/json;=x",
        "application/json; x=\"a\u0001\"", "application/json text/html",
    })
    void anAcceptThatBreaksTheGrammarIsRefused(String accept) {
        assertNull(MediaTypeFilter.accept(accept), accept);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json | application/json",
        "application/json; charset=utf-8 | application/json",
        "application/merge-patch+json;a=\"b;c\" | application/merge-patch+json",
        "text/plain ; ; | text/plain",
    })
    void contentTypeIsHandedOnAsTypeAndSubtype(String contentType, String expected) {
        assertEquals(expected, MediaTypeFilter.contentType(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "application", "application/json, text/plain", "application/json; charset",
        "application/json;x=\"", "a/b c", "ü/json"})
    void aContentTypeThatIsNotOneMediaTypeIsRefused(String contentType) {
        assertNull(MediaTypeFilter.contentType(contentType), contentType);
    }
}
