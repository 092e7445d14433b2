package app.todo.identity.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BearerFilterTest {

    @Test
    void takesTheTokenOfABearerCredential() {
        assertEquals("abc.def.ghi", BearerFilter.bearerToken("Bearer abc.def.ghi"));
        assertEquals("abc.def.ghi", BearerFilter.bearerToken("bearer abc.def.ghi"));
        assertEquals("abc.def.ghi", BearerFilter.bearerToken("Bearer   abc.def.ghi "));
    }

    @Test
    void anEmptyBearerCredentialIsAnEmptyToken() {
        assertEquals("", BearerFilter.bearerToken("Bearer"));
        assertEquals("", BearerFilter.bearerToken("Bearer "));
    }

    @Test
    void otherSchemesCarryNoToken() {
        assertNull(BearerFilter.bearerToken("Basic dXNlcjpwYXNz"));
        assertNull(BearerFilter.bearerToken("BearerX abc"));
        assertNull(BearerFilter.bearerToken(""));
    }
}
