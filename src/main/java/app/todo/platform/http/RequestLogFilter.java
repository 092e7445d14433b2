package app.todo.platform.http;

import java.io.IOException;
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
 * Every response carries {@code X-Request-Id} (the caller's when it is a sane value, else a new
 * one). While the request runs, the id is the thread's {@link RequestContext}, which the application's loggers
 * ({@link Logs}) put into each of their records ({@code http.request.id}, and {@code user.id} once the bearer filter knows
 * the caller), and part of the thread's name, which the server writes into every record, its own included
 * ({@code ThreadName}). For /api it then hands one line to the {@link AccessLog} (method, route template, status,
 * duration from arrival, user id, request id; never a token), which a thread of its own writes to
 * {@code TODO_ACCESS_LOG}, not to the server log, in the format of {@code TODO_LOG_FORMAT} ({@link LogFormat}), and
 * counts the request by route and status. Mapped in web.xml.
 */
public class RequestLogFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(RequestLogFilter.class);
    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Configuration key of the access log's target ({@code TODO_ACCESS_LOG}): a file, {@code -} or {@code off}. */
    static final String ACCESS_LOG_KEY = "todo.access.log";
    /** The method label of the request metrics: one of these, else {@code OTHER} (a client may send any token). */
    static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Inject
    Metrics metrics;

    private transient AccessLog accessLog;
    private transient Counter dropped;
    /**
     * The per-route metrics, looked up in the registry once per (method, route, status) or route: a registry lookup
     * builds and sorts the tags each time (with MicroProfile Metrics measured ~2 % of the CPU of a 401).
     */
    private final transient ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final transient ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        String target = ConfigProvider.getConfig().getOptionalValue(ACCESS_LOG_KEY, String.class)
                .orElseGet(RequestLogFilter::defaultAccessLog);
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

    /** Without {@code TODO_ACCESS_LOG} or a default in META-INF/microprofile-config.properties: the working directory's. */
    static String defaultAccessLog() {
        return java.nio.file.Path.of("logs", "access.log").toString();
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
