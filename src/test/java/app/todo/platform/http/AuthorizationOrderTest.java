package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;

import org.junit.jupiter.api.Test;

import app.todo.identity.http.TenantGuard;

/**
 * Authorization runs in a defined order (docs/api.md, "Order of refusals"): JAX-RS runs request filters by ascending
 * {@code @Priority}; the runtimes' own role filters (Jersey's RolesAllowedDynamicFeature, RESTEasy's
 * RoleBasedSecurityFilter) run at AUTHORIZATION, so the tenant check comes after them. Those filters pass a method
 * without a role annotation, so deny by default is kept here: every resource method names who may call it.
 */
class AuthorizationOrderTest {

    @Test
    void theRoleIsCheckedBeforeTheTenant() {
        int tenant = TenantGuard.class.getAnnotation(Priority.class).value();
        assertTrue(Priorities.AUTHORIZATION < tenant, Priorities.AUTHORIZATION + " < " + tenant);
    }

    @Test
    void everyResourceMethodNamesItsRoles() throws Exception {
        for (Method method : OpenApiRoutesTest.resourceMethods()) {
            assertTrue(namesRoles(method) || namesRoles(method.getDeclaringClass()),
                    method + " has no @RolesAllowed, @PermitAll or @DenyAll (nor its class)");
        }
    }

    private static boolean namesRoles(AnnotatedElement element) {
        return element.isAnnotationPresent(RolesAllowed.class) || element.isAnnotationPresent(PermitAll.class)
                || element.isAnnotationPresent(DenyAll.class);
    }
}
