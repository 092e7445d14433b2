package app.todo.platform.http;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import app.todo.platform.problem.Problem;

/**
 * {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on resources, enforced with standard JAX-RS only
 * (a {@link DynamicFeature} and a request filter at {@link Priorities#AUTHORIZATION}, the first authorization step;
 * the tenant check comes after it), so the rule holds on any JAX-RS implementation (Jersey's
 * RolesAllowedDynamicFeature is Jersey's alone; RESTEasy would ignore it). The caller is the request's
 * {@link SecurityContext} (the verified token's, set by the bearer filter): a caller in none of the roles gets 403
 * problem+json, a request without a caller 401. Which annotation counts follows Jakarta Annotations 2.1 §2.9-2.11:
 * the method's, else the class's; a resource method with none of the three is denied to everyone (deny by default:
 * every resource of this service names its roles). Worked out once per resource method, at deployment.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Rule rule = Rule.of(method);
        if (rule == null) {
            rule = Rule.of(resource.getResourceClass());
        }
        if (rule == null) {
            rule = new Rule(false, List.of());   // deny by default
        }
        if (!rule.permitAll()) {
            context.register(new RoleFilter(rule.roles()));
        }
    }

    /**
     * What one element says: everyone ({@code @PermitAll}), nobody ({@code @DenyAll}, no roles), or these roles.
     *
     * @param permitAll whether anyone may call
     * @param roles     the roles that may (empty: nobody, unless permitAll)
     */
    record Rule(boolean permitAll, List<String> roles) {

        /** The element's rule; null when it has none of the three annotations. */
        static Rule of(AnnotatedElement element) {
            if (element == null) {
                return null;
            }
            if (element.isAnnotationPresent(DenyAll.class)) {
                return new Rule(false, List.of());
            }
            RolesAllowed allowed = element.getAnnotation(RolesAllowed.class);
            if (allowed != null) {
                return new Rule(false, List.of(allowed.value()));
            }
            if (element.isAnnotationPresent(PermitAll.class)) {
                return new Rule(true, List.of());
            }
            return null;
        }
    }

    /** Refuses a request whose caller has none of the roles. */
    @Priority(Priorities.AUTHORIZATION)
    static final class RoleFilter implements ContainerRequestFilter {

        private final List<String> roles;

        RoleFilter(List<String> roles) {
            this.roles = roles;
        }

        /** The roles any one of which admits the caller (empty: nobody). */
        List<String> roles() {
            return roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext caller = request.getSecurityContext();
            if (caller == null || caller.getUserPrincipal() == null) {
                request.abortWith(new Problem(401, Problem.defaultDetail(401)).toResponse()
                        .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.plain()).build());
                return;
            }
            for (String role : roles) {
                if (caller.isUserInRole(role)) {
                    return;
                }
            }
            request.abortWith(new Problem(403, Problem.defaultDetail(403)).toResponse().build());
        }
    }
}
