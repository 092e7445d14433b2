package app.todo.identity.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import app.todo.identity.keys.JwksStatus;
import app.todo.identity.service.TokenService;

/**
 * Ready only when tokens can be verified: a secret of at least 32 bytes, a sane configuration and,
 * when a JWKS is configured, at least one fetch of it. A JWKS that fails to refresh after a good fetch
 * keeps the node ready (the old keys still verify) and says since when it is stale.
 */
@Readiness
@ApplicationScoped
public class TokenConfigurationCheck implements HealthCheck {

    @Inject
    TokenService tokens;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("token-verification");
        Optional<String> problem = tokens.configurationProblem();
        if (problem.isPresent()) {
            return response.down().withData("reason", problem.get()).build();
        }
        Optional<JwksStatus> jwks = tokens.jwksStatus();
        if (jwks.isEmpty()) {
            return response.up().build();
        }
        JwksStatus status = jwks.get();
        if (!status.everFetched()) {
            return response.down().withData("reason", "JWKS " + status.describe()).build();
        }
        return response.up().withData("jwks", status.describe()).build();
    }
}
