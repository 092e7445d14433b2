package app.todo.platform.http;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.ConfigProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import app.todo.platform.metrics.Metrics;

import app.todo.platform.logging.LogFormat;
import app.todo.platform.logging.Logs;
import app.todo.platform.logging.RequestContext;

/**
 * Every response carries {@code X-Request-Id} (the caller's when sane, else a new one), which is, while the request
 * runs, the thread's {@link RequestContext} (fields of the application's records, {@link Logs}) and part of its name
 * (in every record, the server's included). After an /api request: its {@link AccessLog} entry and its metrics by
 * route and status. Mapped in web.xml.
 */
public class RequestLogFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(RequestLogFilter.class);
    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** {@code TODO_ACCESS_LOG}: a file, {@code -} or {@code off}. */
    static final String ACCESS_LOG_KEY = "todo.access.log";
    /** The method label: one of these, else {@code OTHER} (a client may send any token). */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Inject
    Metrics metrics;

    private transient AccessLog accessLog;
    private transient Counter dropped;
    /** Looked up once per key: a registry lookup builds and sorts the tags (measured ~2 % of a 401's CPU). */
    private final transient ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final transient ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        String target = ConfigProvider.getConfig().getOptionalValue(ACCESS_LOG_KEY, String.class)
                .orElse("logs/access.log");
        dropped = metrics.registry().counter("todo_access_log_dropped");
        accessLog = AccessLog.open(target, format(), dropped::increment);
        LOG.log(Level.INFO, "Access log: {0}", accessLog.target());
    }

    /** {@code TODO_LOG_FORMAT}: plain when unset; a value other than plain or json is a WARNING and plain. */
    private static LogFormat format() {
        String value = ConfigProvider.getConfig().getOptionalValue(LogFormat.KEY, String.class).orElse("plain");
        return LogFormat.parse(value).orElseGet(() -> {
            LOG.log(Level.WARNING, "TODO_LOG_FORMAT={0} is neither plain nor json: the access log is plain", value);
            return LogFormat.PLAIN;
        });
    }


    @Override
    public void destroy() {
        if (accessLog != null) {
            accessLog.close();
        }
        super.destroy();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        String offered = request.getHeader(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        response.setHeader(HEADER, id);

        Thread thread = Thread.currentThread();
        String threadName = thread.getName();
        thread.setName(threadName + " request=" + id);
        RequestContext.open(id);
        try {
            chain.doFilter(request, response);
        } finally {
            RequestContext.close();
            thread.setName(threadName);
            if (TodoApplication.PATH.equals(request.getServletPath())) {
                record(request, response.getStatus(), System.nanoTime() - start, id);
            }
        }
    }

    private void record(HttpServletRequest request, int status, long nanos, String id) {
        String route = RouteTable.routeOf(request);
        String method = request.getMethod();
        String label = METHODS.contains(method) ? method : "OTHER";
        accessLog.offer(new AccessLog.Entry(System.currentTimeMillis(), method, route, status, nanos,
                RequestCaller.name(request), id));
        requests.computeIfAbsent(label + ' ' + route + ' ' + status, key -> metrics.registry().counter(
                "todo_http_requests", "method", label, "route", route, "status", String.valueOf(status))).increment();
        durations.computeIfAbsent(route, key -> Timer.builder("todo_http_request_duration").tag("route", route)
                .publishPercentiles(Metrics.QUANTILES).register(metrics.registry()))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
