package app.todo.identity.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import app.todo.identity.token.RejectReason;

/**
 * Token counters for /metrics: accepted by algorithm, refused by reason, and the time the check
 * took. Labels are fixed vocabularies (alg names, reasons); never a user id or a token.
 */
@ApplicationScoped
public class TokenMetrics {

    @Inject
    MetricRegistry registry;

    public void accepted(String algorithm, long nanos) {
        registry.counter("todo_tokens_accepted", new Tag("alg", algorithm)).inc();
        registry.timer("todo_token_verification", new Tag("outcome", "accepted")).update(Duration.ofNanos(nanos));
    }

    public void refused(RejectReason reason, long nanos) {
        refused(reason);
        registry.timer("todo_token_verification", new Tag("outcome", "refused")).update(Duration.ofNanos(nanos));
    }

    public void refused(RejectReason reason) {
        registry.counter("todo_tokens_refused", new Tag("reason", reason.label())).inc();
    }
}
