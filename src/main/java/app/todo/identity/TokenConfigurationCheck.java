package app.todo.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when tokens can be verified: a secret of at least 32 bytes and a sane configuration. */
@Readiness
@ApplicationScoped
public class TokenConfigurationCheck implements HealthCheck {

    @Inject
    TokenService tokens;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("token-verification");
        return tokens.configurationProblem()
                .map(problem -> response.down().withData("reason", problem))
                .orElseGet(response::up)
                .build();
    }
}
