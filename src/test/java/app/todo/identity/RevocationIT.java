package app.todo.identity;

import static app.todo.support.Problems.assertProblem;
import static app.todo.support.Problems.assertUnauthorized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.todo.support.Deployments;
import app.todo.support.Http;
import app.todo.support.Tokens;

/**
 * The two revoke routes on the deployed WAR (one node; H2, or PostgreSQL when TODO_DB_URL is set). Each test uses
 * users of its own. Every token is used once before it is revoked, so it sits in the verified-token cache: the
 * refusals below are cache hits.
 */
@ExtendWith(ArquillianExtension.class)
class RevocationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.suite();
    }

    @ArquillianResource
    URL base;

    private Http http;
    /** The server's root: /health is the server's, outside the application's context (/metrics is the WAR's). */
    private Http server;
    private final String user = "rev-" + UUID.randomUUID();

    @BeforeEach
    void client() throws Exception {
        http = new Http(base.toURI());
        server = new Http(new URI(base.getProtocol(), null, base.getHost(), base.getPort(), "/", null, null));
    }

    private HttpResponse<String> post(String path, String token) {
        HttpRequest.Builder request = http.request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request);
    }

    private HttpResponse<String> me(String token) {
        return http.get("api/me", token);
    }

    @Test
    void aRevokedTokenIsRefusedEverywhereThisRouteIncludedAndOthersKeepWorking() {
        String token = Tokens.forUser(user).claim("jti", "jti-" + UUID.randomUUID()).sign();
        String other = Tokens.forUser(user).claim("jti", "jti-" + UUID.randomUUID()).sign();
        assertEquals(200, me(token).statusCode());
        assertEquals(200, me(other).statusCode());

        HttpResponse<String> revoked = post("api/me/token/revoke", token);
        assertEquals(204, revoked.statusCode(), revoked::body);
        assertEquals("", revoked.body());

        assertUnauthorized(me(token), true);
        assertUnauthorized(http.get("api/" + user + "/tasks", token), true);
        assertUnauthorized(post("api/me/token/revoke", token), true);
        assertEquals(200, me(other).statusCode(), "the user's other token still works");
    }

    @Test
    void aTokenWithoutJtiIsRevokedByItsDigest() {
        String token = Tokens.forUser(user).sign();
        String sameUserOtherIat = Tokens.forUser(user).claim("iat", Tokens.now() - 20).sign();
        assertEquals(200, me(token).statusCode());
        assertEquals(204, post("api/me/token/revoke", token).statusCode());
        assertUnauthorized(me(token), true);
        assertEquals(200, me(sameUserOtherIat).statusCode(), "only that token text is revoked");
    }

    @Test
    void signingOutEverywhereRefusesEveryEarlierTokenAndAcceptsLaterOnes() throws Exception {
        String older = Tokens.forUser(user).claim("iat", Tokens.now() - 300).sign();
        String recent = Tokens.forUser(user).sign();
        String otherUsers = Tokens.forUser(user + "-other").sign();
        assertEquals(200, me(older).statusCode());
        assertEquals(200, me(recent).statusCode());

        long before = Tokens.now();
        HttpResponse<String> signedOut = post("api/" + user + "/sessions/revoke", recent);
        long after = Tokens.now();
        assertEquals(204, signedOut.statusCode(), signedOut::body);

        assertUnauthorized(me(older), true);
        assertUnauthorized(me(recent), true);
        assertUnauthorized(me(Tokens.forUser(user).claim("iat", before).sign()), true);
        assertEquals(200, me(otherUsers).statusCode(), "another user is not signed out");
        // A token minted from the second after the sign-out on works (the issuer may stamp a second ahead: leeway).
        HttpResponse<String> later = me(Tokens.forUser(user).claim("iat", after + 1).sign());
        assertEquals(200, later.statusCode(), later::body);
    }

    @Test
    void aCallingTokenStampedAheadOfTheServersClockIsSignedOutToo() {
        // an issuer whose clock runs 30 s ahead (within the 60 s leeway)
        String ahead = Tokens.forUser(user).claim("iat", Tokens.now() + 30).sign();
        assertEquals(200, me(ahead).statusCode());
        assertEquals(204, post("api/" + user + "/sessions/revoke", ahead).statusCode());
        assertUnauthorized(me(ahead), true);
    }

    @Test
    void anotherUsersSessionsAreForbiddenAndStayValid() {
        String victim = user + "-victim";
        String victimToken = Tokens.forUser(victim).sign();
        String attacker = Tokens.forUser(user).sign();
        assertProblem(403, post("api/" + victim + "/sessions/revoke", attacker));
        assertEquals(200, me(victimToken).statusCode(), "nothing was revoked");
        assertEquals(200, me(attacker).statusCode(), "nor the caller signed out");
    }

    @Test
    void withoutATokenBothRoutesAre401() {
        assertUnauthorized(post("api/me/token/revoke", null), false);
        assertUnauthorized(post("api/" + user + "/sessions/revoke", null), false);
    }

    @Test
    void refusalsAreCountedAsRevokedAndReadinessReportsTheRevocations() {
        String token = Tokens.forUser(user).claim("jti", "jti-" + UUID.randomUUID()).sign();
        assertEquals(204, post("api/me/token/revoke", token).statusCode());
        assertUnauthorized(me(token), true);
        String metrics = http.get("metrics", null).body();
        assertTrue(metrics.matches("(?s).*\\ntodo_tokens_refused_total\\{[^}]*reason=\"revoked\"[^}]*\\} [1-9].*"),
                metrics);
        assertTrue(metrics.contains("todo_revocation_sync_lag_seconds"), metrics);
        HttpResponse<String> ready = server.get("health/ready", null);
        assertEquals(200, ready.statusCode(), ready::body);
        assertTrue(ready.body().contains("\"token-revocation\"") && ready.body().contains("\"revocations\":\"ok: "),
                ready::body);
    }
}
