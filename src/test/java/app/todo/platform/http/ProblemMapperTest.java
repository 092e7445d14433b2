package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Allow header of a 405: the methods a route serves, as the JAX-RS runtime names them (Jersey or RESTEasy), minus
 * OPTIONS, plus HEAD, in one order.
 */
class ProblemMapperTest {

    @Test
    void optionsIsDroppedAndHeadAddedBesideGet() {
        assertEquals("GET, HEAD", ProblemMapper.allowed("GET, OPTIONS"));
    }

    @Test
    void everyOtherMethodIsKeptInTheFixedOrder() {
        assertEquals("GET, HEAD, PUT, DELETE", ProblemMapper.allowed("DELETE, GET, OPTIONS, PUT"));
    }

    @Test
    void noHeadWithoutGet() {
        assertEquals("PATCH", ProblemMapper.allowed("PATCH,OPTIONS"));
    }

    @Test
    void headIsNotRepeated() {
        assertEquals("GET, HEAD", ProblemMapper.allowed("HEAD, GET, OPTIONS"));
    }

    /** RESTEasy's order (OPTIONS first, HEAD before GET) gives the same header as Jersey's. */
    @Test
    void theSameWhateverTheRuntimesOrder() {
        assertEquals(ProblemMapper.allowed("DELETE, GET, OPTIONS, PUT"),
                ProblemMapper.allowed("OPTIONS, PUT, HEAD, DELETE, GET"));
    }

    @Test
    void anUnknownMethodComesLast() {
        assertEquals("GET, HEAD, PROPFIND", ProblemMapper.allowed("PROPFIND, GET"));
    }

    @Test
    void theInternalMethodNameNeverShows() {
        assertEquals("GET, HEAD", ProblemMapper.allowed("GET, " + OptionsNotServed.NOT_SERVED));
    }
}
