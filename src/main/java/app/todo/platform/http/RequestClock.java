package app.todo.platform.http;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Notes when a request arrived ({@link System#nanoTime()}, as a {@code Long} request attribute), before the
 * container runs the authentication mechanism: so the access log's duration of a request includes its token
 * check, and a refused request (401) shows what it cost rather than the few microseconds after the filters.
 */
@WebListener
public class RequestClock implements ServletRequestListener {

    /** Request attribute: the arrival, {@link System#nanoTime()} nanoseconds. */
    static final String ARRIVAL = RequestClock.class.getName();

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        event.getServletRequest().setAttribute(ARRIVAL, System.nanoTime());
    }

    /** The arrival noted on this request, or {@code fallback} when there is none. */
    static long arrival(jakarta.servlet.ServletRequest request, long fallback) {
        return request.getAttribute(ARRIVAL) instanceof Long arrival ? arrival : fallback;
    }
}
