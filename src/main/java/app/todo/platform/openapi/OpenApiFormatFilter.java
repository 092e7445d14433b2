package app.todo.platform.openapi;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * /openapi in YAML as {@code application/yaml} (RFC 9512). Payara writes YAML as {@code text/plain} and answers
 * {@code Accept: application/yaml} with 406; JSON ({@code Accept: application/json} or {@code ?format=json})
 * it already serves as {@code application/json}. This filter (web.xml, /openapi only) asks Payara for its
 * text/plain YAML when the client accepts application/yaml, and labels YAML application/yaml unless the client
 * asked for text/plain.
 */
public class OpenApiFormatFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    static final String YAML = "application/yaml";
    private static final String PAYARA_YAML = "text/plain";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String accept = request.getHeader("Accept");
        boolean asksYaml = accept != null && accept.toLowerCase(Locale.ROOT).contains(YAML)
                && request.getParameter("format") == null;
        boolean asksText = accept != null && accept.toLowerCase(Locale.ROOT).contains(PAYARA_YAML) && !asksYaml;
        chain.doFilter(asksYaml ? new AcceptingPayaraYaml(request) : request,
                asksText ? response : new LabellingYaml(response));
    }

    private static final class AcceptingPayaraYaml extends HttpServletRequestWrapper {
        AcceptingPayaraYaml(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Accept".equalsIgnoreCase(name) ? PAYARA_YAML : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Accept".equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(PAYARA_YAML))
                    : super.getHeaders(name);
        }
    }

    private static final class LabellingYaml extends HttpServletResponseWrapper {
        LabellingYaml(HttpServletResponse response) {
            super(response);
        }

        private static String label(String type) {
            return type != null && type.toLowerCase(Locale.ROOT).startsWith(PAYARA_YAML) ? YAML : type;
        }

        @Override
        public void setContentType(String type) {
            super.setContentType(label(type));
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, "Content-Type".equalsIgnoreCase(name) ? label(value) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, "Content-Type".equalsIgnoreCase(name) ? label(value) : value);
        }
    }
}
