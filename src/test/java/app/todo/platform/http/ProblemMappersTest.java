package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Allow header of a 405: the methods a route serves, as the JAX-RS runtime names them (Jersey or RESTEasy), minus
 * OPTIONS, plus HEAD, in one order.
 */
class ProblemMappersTest {

    @Test
    void optionsIsDroppedAndHeadAddedBesideGet() {
        assertEquals("GET, HEAD", ProblemMappers.allowed("GET, OPTIONS"));
    }

    @Test
    void everyOtherMethodIsKeptInTheFixedOrder() {
        assertEquals("GET, HEAD, PUT, DELETE", ProblemMappers.allowed("DELETE, GET, OPTIONS, PUT"));
    }

    @Test
    void noHeadWithoutGet() {
        assertEquals("PATCH", ProblemMappers.allowed("PATCH,OPTIONS"));
    }

    @Test
    void headIsNotRepeated() {
        assertEquals("GET, HEAD", ProblemMappers.allowed("HEAD, GET, OPTIONS"));
    }

    /** RESTEasy's order (OPTIONS first, HEAD before GET) gives the same header as Jersey's. */
    @Test
    void theSameWhateverTheRuntimesOrder() {
        assertEquals(ProblemMappers.allowed("DELETE, GET, OPTIONS, PUT"),
                ProblemMappers.allowed("OPTIONS, PUT, HEAD, DELETE, GET"));
    }

    @Test
    void anUnknownMethodComesLast() {
        assertEquals("GET, HEAD, PROPFIND", ProblemMappers.allowed("PROPFIND, GET"));
    }

    @Test
    void theInternalMethodNameNeverShows() {
        assertEquals("GET, HEAD", ProblemMappers.allowed("GET, " + OptionsNotServed.NOT_SERVED));
    }
}
