package app.todo.platform.database;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * Turns off EclipseLink's retry of a read query that failed for a communication reason (by default 3 attempts,
 * 5 s apart): with the database unreachable it held every listing 10 s before its 503, while writes failed at once;
 * the circuit breaker makes a quick answer the rule, and clients retry on the 503. EclipseLink 4.0 has no
 * persistence-unit property for it; its public {@link SessionCustomizer} API, named by
 * {@code eclipselink.session.customizer} in META-INF/todo-persistence.xml, sets it on the session's login.
 */
public class NoQueryRetry implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
        }
    }
}
