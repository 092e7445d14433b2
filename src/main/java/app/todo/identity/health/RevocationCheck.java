package app.todo.identity.health;

import java.time.Instant;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import app.todo.identity.revocation.RevocationSync;
import app.todo.identity.service.RevocationService;

/**
 * Readiness of token revocation, {@code token-revocation}: UP with {@code revocations: "ok: …"} while the view is in
 * step, UP with {@code revocations: "stale since …"} while the store is unreachable but the view is within
 * TODO_REVOCATION_MAX_STALENESS (requests are still served with it), DOWN with the reason once it is older than
 * that or was never loaded (requests then get 503). Always with {@code mode}: {@code listen}, {@code poll} or
 * {@code local} and why ({@link RevocationSync#choose}).
 */
@Readiness
@ApplicationScoped
public class RevocationCheck implements HealthCheck {

    @Inject
    RevocationService revocations;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("token-revocation");
        if (revocations.configurationProblem() != null) {
            return response.down().withData("reason", revocations.configurationProblem()).build();
        }
        RevocationSync.Status status = revocations.status();
        RevocationSync.Choice choice = revocations.choice();
        if (choice != null) {
            response.withData("mode", choice.mode().name().toLowerCase(Locale.ROOT) + ": " + choice.why());
        }
        Instant now = Instant.now();
        if (status == null || !status.usable(now, revocations.maxStaleness())) {
            return response.down().withData("reason", status == null ? "not started"
                    : "revocations " + status.describe(now) + "; older than TODO_REVOCATION_MAX_STALENESS ("
                    + revocations.maxStaleness().toSeconds() + " s): /api answers 503").build();
        }
        return response.up().withData("revocations", status.describe(now)).build();
    }
}
