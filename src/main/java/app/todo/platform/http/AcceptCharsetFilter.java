package app.todo.platform.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Removes every {@code charset} parameter from the request's {@code Accept} field before JAX-RS negotiates: the
 * service writes only JSON, always UTF-8 (RFC 8259 §8.1), while JAX-RS would hand the charset of the chosen media
 * range to the JSON writer, which fails on an unknown name ({@code application/json; charset=x} was a 500). A server
 * may disregard what Accept asks for (RFC 9110 §12.5.1); the answer says {@code application/json} without a charset,
 * which means UTF-8. E.g. {@code application/json;charset=x;q=0.9, text/*} → {@code application/json;q=0.9, text/*}.
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class AcceptCharsetFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext context) {
        List<String> accept = context.getHeaders().get(HttpHeaders.ACCEPT);
        if (accept == null || accept.stream().noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("charset"))) {
            return;
        }
        List<String> kept = new ArrayList<>(accept.size());
        accept.forEach(line -> kept.add(withoutCharset(line)));
        context.getHeaders().put(HttpHeaders.ACCEPT, kept);
    }

    /** One Accept line without its charset parameters; quoted strings are kept whole (RFC 9110 §5.6.4). */
    static String withoutCharset(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (String range : split(line, ',')) {
            List<String> parts = split(range, ';');
            StringBuilder kept = new StringBuilder(parts.get(0).strip());
            for (int i = 1; i < parts.size(); i++) {
                String parameter = parts.get(i).strip();
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip();
                if (!name.equalsIgnoreCase("charset")) {
                    kept.append(';').append(parameter);
                }
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(kept);
        }
        return out.toString();
    }

    /** Splits on {@code separator} outside double-quoted strings (a backslash escapes the next character there). */
    static List<String> split(String value, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(Math.min(start, value.length())));
        return parts;
    }
}
