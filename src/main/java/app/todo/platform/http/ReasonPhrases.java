package app.todo.platform.http;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import app.todo.platform.logging.Logs;

/**
 * The standard reason phrases of RFC 9110 on every status line. Jersey hands the servlet container only the
 * status code (Servlet 6 has no setStatus(int, String)), and Grizzly, which writes the status line, takes the
 * phrase from its own table: there 422 is unknown ({@code HTTP/1.1 422 CUSTOM}) and 413 has the old name
 * ({@code Request Entity Too Large}). Every other status this service sends already has its RFC 9110 phrase.
 * At deployment the two are put into Grizzly's table, once for the whole server; StatusLinesIT reads the
 * status line of every status the contract names.
 */
@WebListener
public class ReasonPhrases implements ServletContextListener {

    private static final Logger LOG = Logs.logger(ReasonPhrases.class);

    /** RFC 9110 §15, the phrases Grizzly lacks or names differently. */
    static final Map<Integer, String> MISSING = Map.of(
            413, "Content Too Large",
            422, "Unprocessable Content");

    private static final String GRIZZLY_STATUS = "org.glassfish.grizzly.http.util.HttpStatus";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            Class<?> status = Class.forName(GRIZZLY_STATUS, true, event.getServletContext().getClass().getClassLoader());
            Method create = status.getMethod("newHttpStatus", int.class, String.class);
            Field table = status.getDeclaredField("statusMessages");
            table.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<Integer, Object> phrases = (Map<Integer, Object>) table.get(null);
            // A plain HashMap read by every request; two puts (one a replacement, one a new key well below the
            // resize threshold) at deployment, before this application serves anything.
            for (Map.Entry<Integer, String> missing : MISSING.entrySet()) {
                phrases.put(missing.getKey(), create.invoke(null, missing.getKey(), missing.getValue()));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not set the RFC 9110 reason phrases of 413 and 422 (the status lines "
                    + "keep the server''s own): {0}", e.toString());
        }
    }
}
