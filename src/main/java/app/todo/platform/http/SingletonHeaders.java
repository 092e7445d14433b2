package app.todo.platform.http;

import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rule for header fields that must hold exactly one value: each of {@link #FIELDS} may be sent at
 * most once, and its one line may not be a comma-joined list. The first field that breaks it is
 * returned as a {@link Violation}; {@link SingletonHeaderFilter} answers it with 400.
 *
 * <ul>
 * <li>{@code Host}: RFC 9112 §3.2, "more than one Host header line or a Host header field with an
 * invalid field value" is a 400. A comma is not part of any host name.</li>
 * <li>{@code Authorization}: one credential (RFC 9110 §11.6.2); a Bearer credential is
 * {@code "Bearer" 1*SP b64token} (RFC 6750 §2.1), which has no comma, so a comma means a list of
 * credentials (what {@code fetch}'s {@code Headers.append} makes of two) or a scheme this API does not
 * speak. RFC 6750 §3.1 calls both {@code invalid_request}.</li>
 * <li>{@code Content-Length}: RFC 9110 §8.6, a list of values may be refused as invalid; body framing
 * must never be ambiguous (RFC 9112 §6.3).</li>
 * <li>{@code Content-Type}: one media type (RFC 9110 §8.3); a comma outside a quoted parameter value
 * means a list.</li>
 * </ul>
 *
 * Not in the list, on purpose: {@code If-Match} and {@code If-None-Match} are list fields (RFC 9110
 * §13.1.1, §13.1.2), so two lines are the same as one line with both tags (RFC 9110 §5.3) and are
 * served that way; {@code X-Request-Id} only labels the log, and a proxy may add its own line
 * (the first sane one is used); {@code Origin} is sent by browsers, which never repeat it (RFC 6454
 * §7.3), and CORS protects nothing from other clients.
 */
public final class SingletonHeaders {

    /** The singleton fields, in the order they are checked. */
    public static final List<String> FIELDS = List.of("Host", "Authorization", "Content-Length", "Content-Type");

    /** A field that broke the rule: sent {@code lines} times, or once holding a list ({@code lines == 1}). */
    public record Violation(String field, int lines) {

        /** The fixed text for the client; names the field, never echoes a value. */
        public String detail() {
            return lines > 1
                    ? "The " + field + " header was sent more than once; send it once."
                    : "The " + field + " header holds more than one value; send one.";
        }

        /** Why, for the log: how many lines, never the values (one may be a token). */
        public String reason() {
            return lines > 1 ? field + " sent " + lines + " times" : field + " holds a list";
        }
    }

    private SingletonHeaders() {
    }

    /**
     * The first singleton field that is repeated or holds a list, or empty.
     *
     * @param headers a field name to all its lines, like {@code HttpServletRequest::getHeaders}
     *                (null or empty when absent)
     */
    public static Optional<Violation> check(Function<String, Enumeration<String>> headers) {
        for (String field : FIELDS) {
            Enumeration<String> lines = headers.apply(field);
            if (lines == null || !lines.hasMoreElements()) {
                continue;
            }
            String first = lines.nextElement();
            if (lines.hasMoreElements()) {
                int count = 2;
                for (lines.nextElement(); lines.hasMoreElements(); lines.nextElement()) {
                    count++;
                }
                return Optional.of(new Violation(field, count));
            }
            if (holdsList(field, first)) {
                return Optional.of(new Violation(field, 1));
            }
        }
        return Optional.empty();
    }

    /** Whether one line of a singleton field is a comma-joined list (quoted strings skipped for Content-Type). */
    static boolean holdsList(String field, String value) {
        if (value == null || value.indexOf(',') < 0) {
            return false;
        }
        return !"Content-Type".equals(field) || hasCommaOutsideQuotes(value);
    }

    /** Whether a comma stands outside the value's double-quoted strings (a backslash escapes the next character there). */
    private static boolean hasCommaOutsideQuotes(String value) {
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return true;
            }
        }
        return false;
    }
}
