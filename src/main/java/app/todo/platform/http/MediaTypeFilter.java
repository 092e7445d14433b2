package app.todo.platform.http;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import app.todo.platform.logging.Logs;
import app.todo.platform.metrics.Metrics;
import app.todo.platform.problem.Problem;

/**
 * An /api request whose {@code Accept} or {@code Content-Type} is not valid syntax (RFC 9110 §12.5.1, §8.3.1, §5.6) is
 * a 400 problem+json naming the field, before authentication and before the JAX-RS runtime parses either; the reason
 * is logged and counted in {@code todo_http_refused_headers_total{header}}, the body is not read. A valid one is handed
 * on in the only form the runtime then parses (it answers 406 or 415 itself):
 * <ul>
 * <li>{@code Accept = #( media-range [ weight ] )}, {@code media-range = ( "*}{@code /*" / type "/*" / type "/"
 * subtype ) parameters}, {@code parameters = *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )}, weight
 * {@code q} a qvalue; empty elements and parameters allowed (§5.6.1.2). Handed on: each range with only its weight
 * ({@code application/json;charset=x;q=0.9, text/*} → {@code application/json;q=0.9, text/*}: the JSON is UTF-8 whatever
 * {@code charset} says); an empty list as {@code *}{@code /*}.</li>
 * <li>{@code Content-Type = type "/" subtype parameters}, handed on as {@code type/subtype}.</li>
 * </ul>
 * Hand-written: the runtimes' own {@code MediaType.valueOf} is what failed (RESTEasy answered {@code *}{@code /*; q;=0.5}
 * with 500, issue 21, and accepts 15 of {@code MediaTypeFilterTest}'s 21 invalid values; Jersey's JSON writer
 * {@code charset=x} with 500); allocates nothing for one range without parameters (JMH 2026-12-04: 0 B per
 * {@code application/json}, 184 B in the JAX-RS filter it replaced).
 */
public class MediaTypeFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(MediaTypeFilter.class);
    private static final Problem.Fixed BAD_ACCEPT = new Problem(400,
            "The Accept header is not a valid list of media ranges.").fixed();
    private static final Problem.Fixed BAD_CONTENT_TYPE = new Problem(400,
            "The Content-Type header is not a valid media type.").fixed();

    @Inject
    Metrics metrics;

    private transient Counter badAccept;
    private transient Counter badContentType;

    @Override
    public void init() {
        badAccept = metrics.registry().counter("todo_http_refused_headers", "header", "Accept");
        badContentType = metrics.registry().counter("todo_http_refused_headers", "header", "Content-Type");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Enumeration<String> lines = request.getHeaders("Accept");   // a list field: its lines joined (RFC 9110 §5.3)
        String accept = lines == null || !lines.hasMoreElements() ? null : lines.nextElement();
        if (accept != null && lines.hasMoreElements()) {
            accept += ", " + String.join(", ", Collections.list(lines));
        }
        String acceptOut = accept == null ? null : accept(accept);
        if (accept != null && acceptOut == null) {
            refuse(request, response, "Accept", badAccept, BAD_ACCEPT);
            return;
        }
        String contentType = request.getHeader("Content-Type");
        String contentTypeOut = contentType == null ? null : contentType(contentType);
        if (contentType != null && contentTypeOut == null) {
            refuse(request, response, "Content-Type", badContentType, BAD_CONTENT_TYPE);
            return;
        }
        if ((accept == null || accept.equals(acceptOut)) && (contentType == null || contentType.equals(contentTypeOut))) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new Canonical(request, acceptOut, contentTypeOut), response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String field, Counter counter,
                               Problem.Fixed problem) throws IOException {
        LOG.log(Level.FINE, "400 {0} {1}: {2} is not valid", new Object[] {request.getMethod(), request.getRequestURI(), field});
        counter.increment();
        BodyLimitFilter.refuseUnread(request, response);
        problem.writeTo(response);
    }

    /** The request with Accept and Content-Type as handed on (null: that field is absent). */
    private static final class Canonical extends HttpServletRequestWrapper {
        private final String accept;
        private final String contentType;

        Canonical(HttpServletRequest request, String accept, String contentType) {
            super(request);
            this.accept = accept;
            this.contentType = contentType;
        }

        private String replaced(String name) {
            return "Accept".equalsIgnoreCase(name) ? accept : "Content-Type".equalsIgnoreCase(name) ? contentType : null;
        }

        @Override
        public String getHeader(String name) {
            String value = replaced(name);
            return value != null ? value : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = replaced(name);
            return value != null ? Collections.enumeration(List.of(value)) : super.getHeaders(name);
        }

        @Override
        public String getContentType() {
            return contentType;
        }
    }

    /** RFC 9110 §5.6.2 {@code tchar}. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c : "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    /** Accept's value as handed on, or null when it is not a valid Accept (a 400). */
    static String accept(String value) {
        if (value.indexOf(';') < 0 && value.indexOf(',') < 0 && value.indexOf(' ') < 0 && value.indexOf('\t') < 0
                && !value.isEmpty()) {
            // one range without parameters (application/json, */*): handed on as it is, nothing allocated
            Cursor single = new Cursor(value);
            return single.mediaType(true) && single.end() ? value : null;
        }
        StringBuilder out = new StringBuilder(value.length());
        Cursor at = new Cursor(value);
        while (true) {
            at.skipOws();
            if (at.end()) {
                return out.length() == 0 ? "*/*" : out.toString();
            }
            if (at.peek() == ',') {
                at.pos++;
                continue;
            }
            int start = at.pos;
            if (!at.mediaType(true) || !at.parameters()) {
                return null;
            }
            if (!at.end() && at.peek() != ',') {
                return null;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(value, start, at.typeEnd);
            if (at.q != null) {
                out.append(";q=").append(at.q);
            }
        }
    }

    /** Content-Type's value as handed on ({@code type/subtype}), or null when it is not one valid media type. */
    static String contentType(String value) {
        Cursor at = new Cursor(value);
        at.skipOws();
        int start = at.pos;
        if (!at.mediaType(false) || !at.parameters() || !at.end()) {
            return null;
        }
        return value.substring(start, at.typeEnd);
    }

    /** A position in one header value, and what the last media type parsed from it had. */
    private static final class Cursor {
        final String value;
        int pos;
        /** End of the last {@code type/subtype}. */
        int typeEnd;
        /** The last media range's qvalue; null when it had none. */
        String q;

        Cursor(String value) {
            this.value = value;
        }

        boolean end() {
            return pos >= value.length();
        }

        char peek() {
            return value.charAt(pos);
        }

        void skipOws() {
            while (!end() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        /** Advances over a token; false when there is none here. */
        boolean token() {
            int start = pos;
            while (!end() && peek() < 128 && TCHAR[peek()]) {
                pos++;
            }
            return pos > start;
        }

        /** {@code type "/" subtype}; a range ({@code *}{@code /*}, {@code type/*}) only when {@code range}. */
        boolean mediaType(boolean range) {
            int start = pos;
            if (!token() || end() || peek() != '/') {
                return false;
            }
            boolean anyType = pos - start == 1 && value.charAt(start) == '*';
            pos++;
            int sub = pos;
            if (!token()) {
                return false;
            }
            boolean anySubtype = pos - sub == 1 && value.charAt(sub) == '*';
            typeEnd = pos;
            q = null;
            return !range || !anyType || anySubtype;
        }

        /** {@code *( OWS ";" OWS [ name "=" value ] )}, up to a comma or the end; notes the weight {@code q}. */
        boolean parameters() {
            while (true) {
                skipOws();
                if (end() || peek() == ',') {
                    return true;
                }
                if (peek() != ';') {
                    return false;
                }
                pos++;
                skipOws();
                if (end() || peek() == ';' || peek() == ',') {
                    continue;
                }
                int name = pos;
                if (!token() || end() || peek() != '=') {
                    return false;
                }
                boolean weight = pos - name == 1 && (value.charAt(name) == 'q' || value.charAt(name) == 'Q');
                pos++;
                int start = pos;
                if (!(end() || peek() != '"' ? token() : quotedString())) {
                    return false;
                }
                if (weight) {
                    String qvalue = value.substring(start, pos);
                    if (q != null || !isQvalue(qvalue)) {
                        return false;
                    }
                    q = qvalue;
                }
            }
        }

        /** {@code DQUOTE *( qdtext / quoted-pair ) DQUOTE} (RFC 9110 §5.6.4). */
        boolean quotedString() {
            pos++;
            while (!end()) {
                char c = value.charAt(pos++);
                if (c == '"') {
                    return true;
                }
                char text = c != '\\' ? c : end() ? 0 : value.charAt(pos++);
                if (!(text == '\t' || text >= 0x20 && text != 0x7f && text <= 0xff)) {
                    return false;
                }
            }
            return false;
        }
    }

    /** {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} (RFC 9110 §12.4.2). */
    static boolean isQvalue(String q) {
        int n = q.length();
        if (n == 0 || n > 5 || q.charAt(0) != '0' && q.charAt(0) != '1' || n > 1 && q.charAt(1) != '.') {
            return false;
        }
        for (int i = 2; i < n; i++) {
            char c = q.charAt(i);
            if (q.charAt(0) == '1' ? c != '0' : c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
