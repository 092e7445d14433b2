package app.todo.platform.openapi;

import java.util.Locale;

/**
 * The formats of /openapi and how a request chooses one (docs/api.md, "Operations"): {@code ?format=json} or
 * {@code ?format=yaml} first; else the {@code Accept} header (RFC 9110 §12.5.1: for each format the q of the most
 * specific media range that matches it; the highest q wins, a tie goes to YAML, then JSON); no {@code Accept} is
 * YAML.
 *
 * @param mediaType the {@code Content-Type} sent
 * @param json      whether the body is JSON (else YAML)
 */
record OpenApiFormat(String mediaType, boolean json) {

    static final OpenApiFormat YAML = new OpenApiFormat("application/yaml", false);
    static final OpenApiFormat JSON = new OpenApiFormat("application/json", true);
    /** YAML for a client that accepts only text/plain (what Payara's own /openapi sent). */
    static final OpenApiFormat TEXT = new OpenApiFormat("text/plain", false);

    private static final OpenApiFormat[] BY_PREFERENCE = {YAML, JSON, TEXT};

    /** At most this many media ranges of an Accept header are read (a hostile header stays cheap). */
    static final int MAX_RANGES = 32;

    /**
     * @param format the {@code format} query parameter, or null
     * @param accept the {@code Accept} header, or null
     * @return the format to serve, or null when the client accepts none of them (406)
     */
    static OpenApiFormat choose(String format, String accept) {
        if (format != null) {
            String asked = format.strip().toLowerCase(Locale.ROOT);
            if (asked.equals("json")) {
                return JSON;
            }
            if (asked.equals("yaml")) {
                return YAML;
            }
        }
        if (accept == null || accept.isBlank()) {
            return YAML;
        }
        OpenApiFormat best = null;
        double bestQ = 0;
        for (OpenApiFormat candidate : BY_PREFERENCE) {
            double q = quality(candidate.mediaType, accept);
            if (q > bestQ) {
                best = candidate;
                bestQ = q;
            }
        }
        return best;
    }

    /** The q the Accept header gives this media type: that of its most specific matching range; 0 when none. */
    static double quality(String mediaType, String accept) {
        String type = mediaType.substring(0, mediaType.indexOf('/'));
        int bestSpecificity = -1;
        double q = 0;
        String[] ranges = accept.split(",", MAX_RANGES + 1);
        for (int r = 0; r < Math.min(ranges.length, MAX_RANGES); r++) {
            String[] parts = ranges[r].split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            int specificity = name.equals(mediaType) ? 2 : name.equals(type + "/*") ? 1 : name.equals("*/*") ? 0 : -1;
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = qParameter(parts);
            }
        }
        return q;
    }

    private static double qParameter(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(parameter.substring(2));
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
