package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;

import org.junit.jupiter.api.Test;

import app.todo.identity.http.TenantGuard;

/**
 * Authorization runs in a defined order (docs/api.md, "Order of refusals"): JAX-RS runs request filters by ascending
 * {@code @Priority}, so the role check (AUTHORIZATION) comes before the tenant check, and neither shares a priority
 * with the other (equal priorities have no set order).
 */
class AuthorizationOrderTest {

    @Test
    void theRoleIsCheckedBeforeTheTenant() {
        int role = RolesAllowedFeature.RoleFilter.class.getAnnotation(Priority.class).value();
        int tenant = TenantGuard.class.getAnnotation(Priority.class).value();
        assertEquals(Priorities.AUTHORIZATION, role);
        assertEquals(TenantGuard.PRIORITY, tenant);
        assertTrue(role < tenant, role + " < " + tenant);
    }
}
