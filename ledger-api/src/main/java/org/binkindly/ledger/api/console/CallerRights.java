package org.binkindly.ledger.api.console;

import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.springframework.expression.Expression;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which actions a page offers the signed-in person: the API's own {@link Roles} rules, evaluated
 * with the same role hierarchy, so a button is shown exactly when its action would be let through.
 * (The actions themselves are guarded by those rules again; hiding a button is only courtesy.)
 */
@Component
class CallerRights {

    private final DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
    private final Map<String, Expression> parsed = new ConcurrentHashMap<>();

    CallerRights(RoleHierarchy roleHierarchy) {
        expressions.setRoleHierarchy(roleHierarchy);
    }

    /** What the caller may do, by name, for the templates. */
    record Rights(String name, boolean respond, boolean own, boolean audit, Set<IncidentRole> claimable) {
    }

    Rights current() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        Map<IncidentRole, Boolean> claimable = new EnumMap<>(IncidentRole.class);
        for (IncidentRole role : IncidentRole.values()) {
            claimable.put(role, allows(caller, Roles.TAKE_INCIDENT_ROLE, role));
        }
        return new Rights(caller == null ? null : caller.getName(), allows(caller, Roles.RESPOND, null),
                allows(caller, Roles.OWN, null), allows(caller, Roles.AUDIT, null),
                claimable.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                        .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(IncidentRole.class))));
    }

    private boolean allows(Authentication caller, String rule, IncidentRole role) {
        if (caller == null) {
            return false;
        }
        var context = expressions.createEvaluationContext(() -> caller, new SimpleMethodInvocation(this, rightsMethod()));
        context.setVariable("role", role);
        return ExpressionUtils.evaluateAsBoolean(parsed.computeIfAbsent(rule, expressions.getExpressionParser()::parseExpression),
                context);
    }

    private static java.lang.reflect.Method rightsMethod() {
        try {
            return CallerRights.class.getDeclaredMethod("current");
        } catch (NoSuchMethodException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
