package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Host rule (RFC 9112 §3.2, RFC 3986 §3.2) and TODO_PUBLIC_URL, without a server. */
class HostRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"todo.example.com", "todo.example.com:8080", "localhost", "127.0.0.1:18090", "[::1]",
            "[::1]:80", "[2001:db8::1]:443", "a_b-c~d", "host:"})
    void validHosts(String host) {
        assertTrue(HostFilter.isValidHost(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@evil.example", "user:pw@evil.example", "evil.example/path", "evil.example\\x",
            "<b>evil</b>", "evil\"x", "evil example", "evil.example:80:80", "evil.example:99999", "evil.example:123456",
            "evil.example:8o", "%65vil.example", "", ":80", "[::1", "[]", "[zz::1]", "évil.example", "evil.example?x",
            "evil.example#x", "javascript:alert(1)"})
    void invalidHosts(String host) {
        assertFalse(HostFilter.isValidHost(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://todo.example.com", "https://todo.example.com/", "http://127.0.0.1:8080"})
    void publicOrigins(String url) {
        assertEquals(url.replaceAll("/$", ""), HostFilter.publicOrigin(url).getScheme() + "://"
                + HostFilter.publicOrigin(url).getRawAuthority());
    }

    @ParameterizedTest
    @ValueSource(strings = {"todo.example.com", "ftp://todo.example.com", "https://u@todo.example.com",
            "https://todo.example.com/api", "https://todo.example.com?x=1", "https://todo.example.com#x", "https://"})
    void notPublicOrigins(String url) {
        assertThrows(IllegalArgumentException.class, () -> HostFilter.publicOrigin(url));
    }
}
