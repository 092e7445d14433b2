package app.todo.identity.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import app.todo.identity.revocation.RevocationStatus;
import app.todo.identity.token.RejectReason;

/**
 * Token counters for /metrics: accepted by algorithm, refused by reason, and the time the check
 * took. Labels are fixed vocabularies (alg names, reasons); never a user id or a token.
 */
@ApplicationScoped
public class TokenMetrics {

    @Inject
    MetricRegistry registry;

    /**
     * The meters of the request path, each looked up in the registry once (a lookup validates and sorts its tags
     * every time). Keys are the fixed vocabularies above, so the maps stay small.
     */
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<RejectReason, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Timer> verification = new ConcurrentHashMap<>();

    public void accepted(String algorithm, long nanos) {
        accepted.computeIfAbsent(algorithm, alg -> registry.counter("todo_tokens_accepted", new Tag("alg", alg))).inc();
        verificationTimer("accepted").update(Duration.ofNanos(nanos));
    }

    public void refused(RejectReason reason, long nanos) {
        refused(reason);
        verificationTimer("refused").update(Duration.ofNanos(nanos));
    }

    public void refused(RejectReason reason) {
        refused.computeIfAbsent(reason, r -> registry.counter("todo_tokens_refused", new Tag("reason", r.label()))).inc();
    }

    private Timer verificationTimer(String outcome) {
        return verification.computeIfAbsent(outcome,
                o -> registry.timer("todo_token_verification", new Tag("outcome", o)));
    }

    /** A request refused with 503 because the revocation view could not be trusted (never loaded, or too stale). */
    public void revocationsUnavailable() {
        registry.counter(Metadata.builder().withName("todo_revocation_unavailable")
                .withDescription("Requests refused with 503: revocations not loaded, or older than the staleness bound")
                .build()).inc();
    }

    /**
     * {@code todo_revocation_sync_lag_seconds}: seconds since this node's view of the revocations was last known
     * complete (about 1 s at most while the store answers; 0 on a single H2 node; -1 before the first load);
     * {@code todo_revocation_listener_up}: 1 while the LISTEN connection is up; {@code todo_revocations_held{kind}}.
     */
    void revocationGauges(Supplier<RevocationStatus> status, Clock clock) {
        registry.gauge(Metadata.builder().withName("todo_revocation_sync_lag").withUnit(MetricUnits.SECONDS)
                .withDescription("Seconds since the revocation view was last known complete; -1 before the first load")
                .build(), () -> status.get().lagSeconds(clock.instant()));
        registry.gauge(Metadata.builder().withName("todo_revocation_listener_up")
                .withDescription("1 while the PostgreSQL LISTEN connection of the revocations is up").build(),
                () -> status.get().listening() ? 1 : 0);
        registry.gauge(Metadata.builder().withName("todo_revocations_held")
                .withDescription("Revocations in this node's view").build(), () -> status.get().signOuts(),
                new Tag("kind", "sign_out"));
        registry.gauge(Metadata.builder().withName("todo_revocations_held")
                .withDescription("Revocations in this node's view").build(), () -> status.get().tokens(),
                new Tag("kind", "token"));
    }
}
