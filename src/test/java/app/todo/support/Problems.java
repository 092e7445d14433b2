package app.todo.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import jakarta.json.JsonObject;

/** Assertions on problem+json answers. */
public final class Problems {

    public static final String UNAUTHORIZED_DETAIL = "A valid bearer token is required to access this resource.";

    private Problems() {
    }

    /** The response is a problem+json of this status with a non-empty detail; returns the body. */
    public static JsonObject assertProblem(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), () -> "status; body: " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                () -> "content type " + response.headers().firstValue("Content-Type"));
        JsonObject body = Http.json(response);
        assertEquals(status, body.getInt("status"));
        assertFalse(body.getString("detail", "").isBlank(), "detail present");
        assertFalse(response.body().contains("Exception") || response.body().contains("<html"), "no stack trace or HTML");
        return body;
    }

    /** 401 with the RFC 6750 challenge and the fixed detail. */
    public static void assertUnauthorized(HttpResponse<String> response, boolean tokenSent) {
        JsonObject body = assertProblem(401, response);
        assertEquals(UNAUTHORIZED_DETAIL, body.getString("detail"));
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer realm=\"todo-api\""), () -> "challenge: " + challenge);
        assertEquals(tokenSent, challenge.contains("error=\"invalid_token\""), () -> "challenge: " + challenge);
    }
}
