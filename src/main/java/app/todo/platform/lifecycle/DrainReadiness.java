package app.todo.platform.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness check {@code shutdown}: DOWN from the moment the node starts draining ({@link Drain}), UP before. */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return Drain.draining()
                ? HealthCheckResponse.named("shutdown").down().withData("reason", "shutting down").build()
                : HealthCheckResponse.named("shutdown").up().build();
    }
}
