package app.todo.platform.http;

import app.todo.platform.logging.Logs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.ConfigProvider;
import app.todo.platform.problem.Problem;
import app.todo.platform.problem.ProblemException;

/**
 * Keeps waiting for a client apart from working for one (mapped to {@code /api/*} last, after the bearer filter, so a
 * refused request is answered without its body): the body, if any, is read whole first ({@link BodyLimitFilter}: 413,
 * 408 or 400), holding one of the listener's request threads (pre-boot {@code TODO_HTTP_IO_THREADS}, 64) but no
 * worker's place; then at most {@code TODO_HTTP_THREADS} requests (8) are worked on at once (on 2 cores 8 runnable
 * request threads served every path faster than 16 or 200, docs/performance.md). One that finds no place within
 * {@link #MAX_WAIT_SECONDS} is a 503 with {@code Retry-After: 1}. The body is handed on as a byte array.
 */
public class AdmissionFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(AdmissionFilter.class);
    static final int MAX_WAIT_SECONDS = 10;
    private static final Problem.Fixed BUSY = new Problem(503, "The service is busy; try again shortly.").fixed();

    private transient Semaphore workers;

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        int threads = ConfigProvider.getConfig().getOptionalValue("todo.http.threads", Integer.class).orElse(8);
        workers = new Semaphore(Math.max(2, threads));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest admitted = request;
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            try {
                admitted = new ReadBody(request, BodyLimitFilter.read(request.getInputStream()));
            } catch (ProblemException e) {
                BodyLimitFilter.refuseUnread(request, response);
                e.problem().writeTo(response);
                return;
            }
        }
        boolean place;
        try {
            place = workers.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            place = false;
        }
        if (!place) {
            LOG.log(Level.WARNING, "503 {0} {1}: no worker free within {2} s",
                    new Object[] {request.getMethod(), request.getRequestURI(), MAX_WAIT_SECONDS});
            response.setHeader("Retry-After", "1");
            BUSY.writeTo(response);
            return;
        }
        try {
            chain.doFilter(admitted, response);
        } finally {
            workers.release();
        }
    }

    /** The request with its body already read. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final ServletInputStream stream;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            this.stream = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public int available() {
                    return in.available();
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body has been read already");
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() {
            throw new IllegalStateException("read the body through getInputStream");
        }
    }
}
