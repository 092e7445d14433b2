package app.todo.identity.http;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import app.todo.identity.service.RevocationService;
import app.todo.identity.service.TokenService;
import app.todo.identity.token.RejectReason;
import app.todo.identity.token.TokenPrincipal;
import app.todo.identity.token.TokenRejectedException;
import app.todo.platform.http.BearerChallenge;
import app.todo.platform.http.BodyLimitFilter;
import app.todo.platform.http.RequestCaller;
import app.todo.platform.logging.Logs;
import app.todo.platform.logging.RequestContext;
import app.todo.platform.metrics.Metrics;
import app.todo.platform.problem.Problem;

/**
 * Authenticates every request under /api by its bearer token, once, deny by default (docs/architecture.md, "One
 * request", step 9): a verified token passes the request on as a {@link CallerRequest}, recorded in
 * {@link RequestCaller}; anything else is answered here, body unread, problem+json with a fixed detail: 401 with an
 * RFC 6750 challenge, or 503 (no usable configuration: Retry-After 60; revocations unchecked: Retry-After 5). The
 * reason goes to the log ({@link LogThrottle}; never the token) and to {@code todo_tokens_refused_total{reason}}.
 *
 * <p>A servlet filter rather than a Jakarta Security {@code HttpAuthenticationMechanism}: measured on the 401 path,
 * Payara's JASPIC bridge around the mechanism (a CDI lookup through JNDI that throws and catches a
 * {@code NamingException} twice per request, and the JACC subject behind {@code SecurityContext}) took about a
 * quarter of the server's CPU per request (docs/performance.md).
 */
public class BearerFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logs.logger(BearerFilter.class);
    /**
     * At most 100 refusal lines a second (~17 KB/s of server log under any flood of bad tokens): the metrics count
     * every refusal, the access log has every request, this log shows examples with their reason. (10 a second
     * was tried: with so few, a burst of different refusals left whole reasons out of the log.)
     */
    private static final LogThrottle THROTTLE = new LogThrottle(100);

    private static final Problem.Fixed UNAUTHORIZED = new Problem(401, Problem.defaultDetail(401)).fixed();
    private static final Problem.Fixed NOT_CONFIGURED = new Problem(503,
            "The service is not configured to verify tokens; see its log.").fixed();
    private static final Problem.Fixed REVOCATIONS_UNAVAILABLE = new Problem(503,
            "Token revocations cannot be checked right now; try again shortly.").fixed();

    @Inject
    TokenService tokens;

    @Inject
    Metrics metrics;

    /** The meters of the request path, each looked up in the registry once (a lookup builds and sorts its tags). */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String problem = tokens.configurationProblem().orElse(null);
        if (problem != null) {
            refuse(request, response, NOT_CONFIGURED, "60", "503 {0}: tokens cannot be verified: {1}{2}", problem);
            return;
        }
        String authorization = request.getHeader("Authorization");
        String token = authorization == null ? null : bearerToken(authorization);
        if (token == null) {
            count("todo_tokens_refused", "reason", RejectReason.MISSING.label());
            refuse(request, response, UNAUTHORIZED, BearerChallenge.plain(),
                    "401 {0}: token refused, reason=missing: {1}{2}", "no bearer token");
            return;
        }
        long start = System.nanoTime();
        TokenPrincipal principal;
        try {
            principal = tokens.verify(token);
        } catch (TokenRejectedException e) {
            count("todo_tokens_refused", "reason", e.reason().label());
            time("refused", start);
            refuse(request, response, UNAUTHORIZED, BearerChallenge.withError("invalid_token"), // RFC 6750 §3.1
                    "401 {0}: token refused, reason=" + e.reason().label() + ": {1}{2}", e.getMessage());
            return;
        } catch (RevocationService.Unavailable e) {
            counters.computeIfAbsent("unavailable", k -> Counter.builder("todo_revocation_unavailable")
                    .description("Requests refused with 503: revocations not loaded, or older than the staleness bound")
                    .register(metrics.registry())).increment();
            refuse(request, response, REVOCATIONS_UNAVAILABLE, "5",
                    "503 {0}: token revocations cannot be checked: {1}{2}", e.getMessage());
            return;
        }
        count("todo_tokens_accepted", "alg", principal.algorithm());
        time("accepted", start);
        RequestCaller.set(request, principal);
        RequestContext.caller(principal.getName());   // UserId of the request's log records
        chain.doFilter(new CallerRequest(request, principal), response);
    }

    private void count(String name, String tag, String value) {
        counters.computeIfAbsent(name + value, k -> metrics.registry().counter(name, tag, value)).increment();
    }

    private void time(String outcome, long startNanos) {
        timers.computeIfAbsent(outcome, o -> Timer.builder("todo_token_verification").tag("outcome", o)
                        .description("Time to verify a bearer token").publishPercentiles(Metrics.QUANTILES)
                        .register(metrics.registry()))
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Logs the refusal when the throttle allows (INFO for a 401, WARNING for a 503; {0} where, {1} why, {2} how many
     * earlier lines were left out) and answers it: the challenge of a 401 or the Retry-After of a 503.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, Problem.Fixed answer,
                               String header, String logLine, String why) throws IOException {
        long suppressed = THROTTLE.tryAcquire(System.currentTimeMillis());
        if (suppressed >= 0) {
            LOG.log(answer == UNAUTHORIZED ? Level.INFO : Level.WARNING, logLine, new Object[] {
                    request.getMethod() + " " + request.getRequestURI(), why,
                    suppressed == 0 ? "" : " (" + suppressed + " earlier refusals not logged)"});
        }
        BodyLimitFilter.refuseUnread(request, response);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(answer == UNAUTHORIZED ? HttpHeaders.WWW_AUTHENTICATE : HttpHeaders.RETRY_AFTER, header);
        answer.writeTo(response);
    }

    /** The token of a {@code Bearer} credential (scheme case-insensitive), or null for any other header. */
    static String bearerToken(String authorization) {
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.trim().equalsIgnoreCase("Bearer") ? "" : null;
        }
        return authorization.substring(7).strip();
    }

    /**
     * A request whose caller is the verified token's: {@code getUserPrincipal()} is the {@link TokenPrincipal},
     * {@code isUserInRole(r)} is true for each of its groups ("user" for every caller, plus a groups or role claim's),
     * so JAX-RS's {@code SecurityContext} and {@code @RolesAllowed} (enforced by the
     * JAX-RS runtime's role filter) see the same caller as {@code CurrentUser}.
     */
    static final class CallerRequest extends HttpServletRequestWrapper {
        private final TokenPrincipal principal;

        CallerRequest(HttpServletRequest request, TokenPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal.groups().contains(role);
        }

        @Override
        public String getAuthType() {
            return "Bearer"; // the scheme of RFC 6750
        }
    }

    /**
     * At most {@code perSecond} log lines a second (measured: 401s at ~8,000/s wrote ~2.8 MB of log a second
     * unthrottled); the first line of each second says how many were left out before it.
     */
    static final class LogThrottle {
        private final int perSecond;
        private long second;
        private int logged;
        private long suppressed;

        LogThrottle(int perSecond) {
            this.perSecond = perSecond;
        }

        /** Whether this event may be logged now: how many were suppressed since the last logged one, else -1. */
        synchronized long tryAcquire(long nowMillis) {
            if (nowMillis / 1000 != second) {
                second = nowMillis / 1000;
                logged = 0;
            }
            if (logged < perSecond) {
                logged++;
                long left = suppressed;
                suppressed = 0;
                return left;
            }
            suppressed++;
            return -1;
        }
    }
}
