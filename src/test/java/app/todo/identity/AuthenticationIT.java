package app.todo.identity;

import static app.todo.support.Problems.assertProblem;
import static app.todo.support.Problems.assertUnauthorized;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import app.todo.support.Deployments;
import app.todo.support.HostileTokens;
import app.todo.support.Http;
import app.todo.support.Tokens;

/** /api/me on the deployed WAR: every hostile token is a clean 401, every edge-valid one a 200. */
@ExtendWith(ArquillianExtension.class)
class AuthenticationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    private Http http;

    @BeforeEach
    void client() throws Exception {
        http = new Http(base.toURI());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("app.todo.support.HostileTokens#refused")
    void hostileTokenIsUnauthorized(HostileTokens.Case token) {
        assertUnauthorized(http.get("api/me", token.token()), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("app.todo.support.HostileTokens#accepted")
    void edgeValidTokenIsAccepted(HostileTokens.Case token) {
        HttpResponse<String> response = http.get("api/me", token.token());
        assertEquals(200, response.statusCode(), response::body);
    }

    @Test
    void noAuthorizationHeader() {
        assertUnauthorized(http.get("api/me", null), false);
    }

    @Test
    void wrongScheme() {
        assertUnauthorized(http.send(http.request("api/me").header("Authorization", "Basic dXNlcjpwYXNz")), false);
    }

    /** RFC 6750 §3.1: a request with more than one credential is an invalid_request (400), even when both are valid. */
    @Test
    void twoAuthorizationHeaders() {
        String token = Tokens.forUser("u_two").sign();
        HttpResponse<String> response = http.send(http.request("api/me")
                .header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token));
        assertProblem(400, response);
        assertEquals("Bearer realm=\"todo-api\", error=\"invalid_request\"",
                response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void unknownRouteUnderApiWithoutTokenIsUnauthorizedNotNotFound() {
        assertUnauthorized(http.get("api/no-such-route", null), false);
    }

    @Test
    void meShowsWhatTheTokenSays() {
        long exp = Tokens.now() + 300;
        String token = Tokens.forUser("u_me").claim("user_id", "u_me").claim("email", "me@example.com")
                .claim("jti", "token-1").claim("exp", exp).sign();
        HttpResponse<String> response = http.get("api/me", token);
        assertEquals(200, response.statusCode(), response::body);
        JsonObject me = Http.json(response);
        assertEquals("u_me", me.getString("user_id"));
        assertEquals("me@example.com", me.getString("email"));
        assertEquals(Tokens.ISSUER, me.getString("issuer"));
        assertEquals("token-1", me.getString("token_id"));
        assertEquals(java.time.Instant.ofEpochSecond(exp).toString(), me.getString("expires_at"));
    }

    @Test
    void meWithoutEmailOrJtiShowsNulls() {
        JsonObject me = Http.json(http.get("api/me", Tokens.forUser("u_plain").sign()));
        assertEquals("u_plain", me.getString("user_id"));
        assertEquals(true, me.isNull("email"));
        assertEquals(true, me.isNull("token_id"));
    }

    @Test
    void jsonWebTokenAndCurrentUserAreInjectable() {
        long exp = Tokens.now() + 400;
        HttpResponse<String> response = http.get("api/test/jwt", Tokens.forUser("u_jwt").claim("exp", exp).sign());
        assertEquals(200, response.statusCode(), response::body);
        JsonObject echo = Http.json(response);
        assertEquals("u_jwt", echo.getString("name"));
        assertEquals("u_jwt", echo.getString("subject"));
        assertEquals("u_jwt", echo.getString("current_user"));
        assertEquals(List.of(Tokens.AUDIENCE), echo.getJsonArray("audience").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(List.of("user"), echo.getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(exp, echo.getJsonNumber("expiration").longValue());
    }

    @Test
    void adminRoleNeedsTheAdminGroup() {
        assertProblem(403, http.get("api/test/jwt/admin", Tokens.forUser("u_plain").sign()));
        assertEquals(200, http.get("api/test/jwt/admin",
                Tokens.forUser("u_admin").claim("groups", List.of("admin")).sign()).statusCode());
    }

    @Test
    void wrongMethodIsProblemNotHtml() {
        String token = Tokens.forUser("u_m").sign();
        HttpResponse<String> response = http.send(http.request("api/me")
                .header("Authorization", "Bearer " + token).DELETE());
        assertProblem(405, response);
        assertEquals(true, response.headers().firstValue("Allow").orElse("").contains("GET"));
    }

    @Test
    void unknownRouteWithTokenIsProblem404() {
        assertProblem(404, http.get("api/no-such-route", Tokens.forUser("u_404").sign()));
    }

    @Test
    void unknownPathOutsideApiIsProblem404() {
        assertProblem(404, http.get("no-such-page", null));
    }

    @Test
    void readinessIsUpWithAValidSecret() throws Exception {
        URI root = new URI(base.getProtocol(), null, base.getHost(), base.getPort(), "/", null, null);
        HttpResponse<String> ready = new Http(root).get("health/ready", null);
        assertEquals(200, ready.statusCode(), ready::body);
    }
}
