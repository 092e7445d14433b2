package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

import org.junit.jupiter.api.Test;

/** Which resource methods get a role check, and with which roles (Jakarta Annotations 2.1 §2.9-2.11). */
class RolesAllowedFeatureTest {

    @RolesAllowed("user")
    static class Users {
        public void inherited() {
        }

        @RolesAllowed("admin")
        public void admins() {
        }

        @PermitAll
        public void anyone() {
        }

        @DenyAll
        public void nobody() {
        }
    }

    static class Unannotated {
        public void open() {
        }
    }

    @DenyAll
    static class Closed {
        public void closed() {
        }
    }

    @Test
    void theClassRoleAppliesToAMethodWithoutItsOwn() throws Exception {
        assertEquals(List.of(List.of("user")), registered(Users.class, "inherited"));
    }

    @Test
    void theMethodsRolesReplaceTheClasss() throws Exception {
        assertEquals(List.of(List.of("admin")), registered(Users.class, "admins"));
    }

    @Test
    void permitAllOnTheMethodLiftsTheClassRule() throws Exception {
        assertTrue(registered(Users.class, "anyone").isEmpty());
    }

    @Test
    void denyAllAdmitsNoRole() throws Exception {
        assertEquals(List.of(List.of()), registered(Users.class, "nobody"));
        assertEquals(List.of(List.of()), registered(Closed.class, "closed"));
    }

    @Test
    void noAnnotationDeniesEveryone() throws Exception {
        assertEquals(List.of(List.of()), registered(Unannotated.class, "open"));
    }

    /** The roles of each filter the feature registers for this resource method. */
    private static List<List<String>> registered(Class<?> type, String method) throws Exception {
        Method resourceMethod = type.getMethod(method);
        ResourceInfo info = (ResourceInfo) Proxy.newProxyInstance(ResourceInfo.class.getClassLoader(),
                new Class<?>[] {ResourceInfo.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getResourceMethod" -> resourceMethod;
                    case "getResourceClass" -> type;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        List<List<String>> roles = new ArrayList<>();
        FeatureContext context = (FeatureContext) Proxy.newProxyInstance(FeatureContext.class.getClassLoader(),
                new Class<?>[] {FeatureContext.class}, (proxy, m, args) -> {
                    if (m.getName().equals("register") && args[0] instanceof RolesAllowedFeature.RoleFilter filter) {
                        roles.add(filter.roles());
                        return proxy;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        new RolesAllowedFeature().configure(info, context);
        return roles;
    }
}
