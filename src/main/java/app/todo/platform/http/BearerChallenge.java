package app.todo.platform.http;

/**
 * The {@code WWW-Authenticate} challenge of every answer that asks for a bearer token, written once:
 * RFC 6750 §3 with the realm {@value #REALM}, plus an {@code error} attribute (§3.1) when one applies.
 */
public final class BearerChallenge {

    public static final String REALM = "todo-api";

    private BearerChallenge() {
    }

    /** {@code Bearer realm="todo-api"}: no token was sent. */
    public static String plain() {
        return "Bearer realm=\"" + REALM + "\"";
    }

    /** {@code Bearer realm="todo-api", error="…"}, e.g. {@code invalid_token} or {@code invalid_request}. */
    public static String withError(String error) {
        return plain() + ", error=\"" + error + "\"";
    }
}
