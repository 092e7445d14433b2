package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Allow header of a 405: the methods a route serves, as Jersey names them, minus OPTIONS, plus HEAD. */
class ProblemMappersTest {

    @Test
    void optionsIsDroppedAndHeadAddedBesideGet() {
        assertEquals("GET, HEAD", ProblemMappers.allowed("GET, OPTIONS"));
    }

    @Test
    void everyOtherMethodIsKeptInOrder() {
        assertEquals("DELETE, GET, PUT, HEAD", ProblemMappers.allowed("DELETE, GET, OPTIONS, PUT"));
    }

    @Test
    void noHeadWithoutGet() {
        assertEquals("PATCH", ProblemMappers.allowed("PATCH,OPTIONS"));
    }

    @Test
    void headIsNotRepeated() {
        assertEquals("HEAD, GET", ProblemMappers.allowed("HEAD, GET, OPTIONS"));
    }

    @Test
    void theInternalMethodNameNeverShows() {
        assertEquals("GET, HEAD", ProblemMappers.allowed("GET, " + OptionsNotServed.NOT_SERVED));
    }
}
