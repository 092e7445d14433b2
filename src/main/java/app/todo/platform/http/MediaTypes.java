package app.todo.platform.http;

/**
 * The syntax of {@code Accept} and {@code Content-Type} (RFC 9110 §12.5.1, §8.3.1, §5.6): what {@link MediaTypeFilter}
 * lets through, and the form it hands on to the JAX-RS runtime, which then negotiates (406, 415) but never parses
 * anything it could choke on (RESTEasy answered {@code Accept: *}{@code /*; q;=0.5} with 500, Jersey's JSON writer
 * {@code application/json; charset=x} with 500: issue 21).
 * <ul>
 * <li>{@code Accept = #( media-range [ weight ] )}; {@code media-range = ( "*}{@code /*" / type "/*" / type "/"
 * subtype ) parameters}; {@code parameters = *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )}; {@code weight}
 * is the parameter {@code q} with a {@code qvalue} ({@code 0}…{@code 1}, at most three decimals). Empty list elements
 * and empty parameters are allowed (§5.6.1.2). Handed on: each range with only its weight, e.g.
 * {@code application/json;charset=x;q=0.9, text/*} → {@code application/json;q=0.9, text/*}: the service writes only
 * JSON in UTF-8 (RFC 8259 §8.1), so no other parameter selects anything here (a server may disregard them, §12.5.1).
 * An empty list is handed on as {@code *}{@code /*}, the same as no Accept.</li>
 * <li>{@code Content-Type = type "/" subtype parameters}, one media type. Handed on: {@code type/subtype} (the
 * resources read bytes of JSON, whose encoding JSON-P detects).</li>
 * </ul>
 * A {@code type} or {@code subtype} is a token (§5.6.2); a media range {@code *}{@code /json} is not one.
 *
 * <p>Hand-written because the runtimes' own parsers ({@code MediaType.valueOf}) are what failed (RESTEasy 6.2.15's
 * accepts 15 of {@code MediaTypesTest}'s 21 invalid values, {@code *}{@code /*; q;=0.5} among them as {@code q=};
 * checked 2026-12-04, issue 19), so they cannot decide the 400; it allocates nothing
 * for one range without parameters (JMH, 2026-12-04: 0 B per {@code application/json}, where the JAX-RS filter it
 * replaced allocated 184 B; a browser's three-range Accept ~140 B).
 */
public final class MediaTypes {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private MediaTypes() {
    }

    /** Accept's value as handed on, or null when it is not a valid Accept (a 400). */
    public static String accept(String value) {
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
    public static String contentType(String value) {
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
                char c = peek();
                pos++;
                if (c == '"') {
                    return true;
                }
                if (c == '\\') {
                    if (end() || !(peek() == '\t' || peek() >= 0x20 && peek() != 0x7f && peek() <= 0xff)) {
                        return false;
                    }
                    pos++;
                } else if (!(c == '\t' || c >= 0x20 && c != 0x7f && c <= 0xff)) {
                    return false;
                }
            }
            return false;
        }
    }

    /** {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} (RFC 9110 §12.4.2). */
    static boolean isQvalue(String q) {
        if (q.isEmpty() || q.length() > 5 || q.charAt(0) != '0' && q.charAt(0) != '1') {
            return false;
        }
        if (q.length() == 1) {
            return true;
        }
        if (q.charAt(1) != '.') {
            return false;
        }
        for (int i = 2; i < q.length(); i++) {
            char c = q.charAt(i);
            if (q.charAt(0) == '1' ? c != '0' : c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
