package app.todo.identity.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BearerTokenMechanismTest {

    @Test
    void takesTheTokenOfABearerCredential() {
        assertEquals("abc.def.ghi", BearerTokenMechanism.bearerToken("Bearer abc.def.ghi"));
        assertEquals("abc.def.ghi", BearerTokenMechanism.bearerToken("bearer abc.def.ghi"));
        assertEquals("abc.def.ghi", BearerTokenMechanism.bearerToken("Bearer   abc.def.ghi "));
    }

    @Test
    void anEmptyBearerCredentialIsAnEmptyToken() {
        assertEquals("", BearerTokenMechanism.bearerToken("Bearer"));
        assertEquals("", BearerTokenMechanism.bearerToken("Bearer "));
    }

    @Test
    void otherSchemesCarryNoToken() {
        assertNull(BearerTokenMechanism.bearerToken("Basic dXNlcjpwYXNz"));
        assertNull(BearerTokenMechanism.bearerToken("BearerX abc"));
        assertNull(BearerTokenMechanism.bearerToken(""));
    }
}
