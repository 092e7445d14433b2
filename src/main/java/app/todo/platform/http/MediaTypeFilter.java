package app.todo.platform.http;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
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
 * An /api request whose {@code Accept} or {@code Content-Type} is not valid syntax ({@link MediaTypes}) is a 400
 * problem+json naming the field, answered here, before authentication and before the JAX-RS runtime parses either
 * (mapped in web.xml after the drain). A valid one is handed on in the form {@link MediaTypes} gives (each Accept range
 * with only its weight, Content-Type as {@code type/subtype}), so the runtime's own parsing only ever sees that; it
 * then answers a well-formed but unacceptable one with 406 or 415. The reason (the field) is logged and counted in
 * {@code todo_http_refused_headers_total{header}}; the body, if any, is not read.
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
        String accept = joined(request.getHeaders("Accept"));
        String acceptOut = accept == null ? null : MediaTypes.accept(accept);
        if (accept != null && acceptOut == null) {
            refuse(request, response, "Accept", badAccept, BAD_ACCEPT);
            return;
        }
        String contentType = request.getHeader("Content-Type");
        String contentTypeOut = contentType == null ? null : MediaTypes.contentType(contentType);
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

    /** The lines of a list field joined as one (RFC 9110 §5.3); null when there is none. */
    private static String joined(Enumeration<String> lines) {
        if (lines == null || !lines.hasMoreElements()) {
            return null;
        }
        String first = lines.nextElement();
        if (!lines.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (lines.hasMoreElements()) {
            all.append(", ").append(lines.nextElement());
        }
        return all.toString();
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String field, Counter counter,
                               Problem.Fixed problem) throws IOException {
        LOG.log(Level.FINE, "400 {0} {1}: {2} is not valid", new Object[] {request.getMethod(), request.getRequestURI(), field});
        counter.increment();
        RequestBodies.refuseUnread(request, response);
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

        @Override
        public String getHeader(String name) {
            return "Accept".equalsIgnoreCase(name) ? accept
                    : "Content-Type".equalsIgnoreCase(name) ? contentType : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = "Accept".equalsIgnoreCase(name) ? accept
                    : "Content-Type".equalsIgnoreCase(name) ? contentType : null;
            if (value != null) {
                return Collections.enumeration(java.util.List.of(value));
            }
            return super.getHeaders(name);
        }

        @Override
        public String getContentType() {
            return contentType;
        }
    }
}
