package app.todo.identity.service;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import app.todo.identity.revocation.RevocationSync;
import app.todo.identity.token.RejectReason;
import app.todo.platform.metrics.Metrics;

/**
 * Token counters for /metrics: accepted by algorithm, refused by reason, and the time the check
 * took. Labels are fixed vocabularies (alg names, reasons); never a user id or a token.
 */
@ApplicationScoped
public class TokenMetrics {

    @Inject
    Metrics metrics;

    /**
     * The meters of the request path, each looked up in the registry once (a lookup builds and sorts its tags
     * every time). Keys are the fixed vocabularies above, so the maps stay small.
     */
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<RejectReason, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Timer> verification = new ConcurrentHashMap<>();
    private volatile Counter revocationsUnavailable;

    public void accepted(String algorithm, long nanos) {
        accepted.computeIfAbsent(algorithm, alg -> registry().counter("todo_tokens_accepted", "alg", alg)).increment();
        verificationTimer("accepted").record(nanos, TimeUnit.NANOSECONDS);
    }

    public void refused(RejectReason reason, long nanos) {
        refused(reason);
        verificationTimer("refused").record(nanos, TimeUnit.NANOSECONDS);
    }

    public void refused(RejectReason reason) {
        refused.computeIfAbsent(reason, r -> registry().counter("todo_tokens_refused", "reason", r.label())).increment();
    }

    private Timer verificationTimer(String outcome) {
        return verification.computeIfAbsent(outcome, o -> Timer.builder("todo_token_verification").tag("outcome", o)
                .description("Time to verify a bearer token").publishPercentiles(Metrics.QUANTILES).register(registry()));
    }

    /** A request refused with 503 because the revocation view could not be trusted (never loaded, or too stale). */
    public void revocationsUnavailable() {
        Counter unavailable = revocationsUnavailable;
        if (unavailable == null) {
            unavailable = Counter.builder("todo_revocation_unavailable")
                    .description("Requests refused with 503: revocations not loaded, or older than the staleness bound")
                    .register(registry());
            revocationsUnavailable = unavailable;
        }
        unavailable.increment();
    }

    /**
     * {@code todo_revocation_sync_lag_seconds}: seconds since this node's view of the revocations was last known
     * complete (about 1 s at most while the store answers; 0 on a single H2 node; -1 before the first load);
     * {@code todo_revocation_listener_up}: 1 while the LISTEN connection is up; {@code todo_revocations_held{kind}}.
     */
    void revocationGauges(Supplier<RevocationSync.Status> status, Clock clock) {
        Gauge.builder("todo_revocation_sync_lag", () -> status.get().lagSeconds(clock.instant())).baseUnit("seconds")
                .description("Seconds since the revocation view was last known complete; -1 before the first load")
                .register(registry());
        Gauge.builder("todo_revocation_listener_up", () -> status.get().listening() ? 1 : 0)
                .description("1 while the PostgreSQL LISTEN connection of the revocations is up").register(registry());
        Gauge.builder("todo_revocations_held", () -> status.get().signOuts()).tag("kind", "sign_out")
                .description("Revocations in this node's view").register(registry());
        Gauge.builder("todo_revocations_held", () -> status.get().tokens()).tag("kind", "token")
                .description("Revocations in this node's view").register(registry());
    }

    private MeterRegistry registry() {
        return metrics.registry();
    }
}
