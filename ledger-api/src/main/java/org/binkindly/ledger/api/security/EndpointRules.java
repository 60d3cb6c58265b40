package org.binkindly.ledger.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.http.server.RequestPath;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Who may call an endpoint is declared once, by the {@code @PreAuthorize} on its controller method.
 * This applies that same rule at the door, before the request body is read, so a caller without
 * the role learns nothing from validation and a wrong role is always a 403. A ledger endpoint with
 * no rule is refused to everyone: forgetting the rule fails closed.
 */
class EndpointRules implements AuthorizationManager<RequestAuthorizationContext> {

    private static final Logger log = LoggerFactory.getLogger(EndpointRules.class);
    private static final String LEDGER_PACKAGE = "org.binkindly.ledger.";
    private static final DefaultParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private final ObjectProvider<ConversionService> conversions;
    private final DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
    private final AuthorizationManager<RequestAuthorizationContext> authenticated = AuthenticatedAuthorizationManager.authenticated();
    private final Map<String, Expression> parsed = new ConcurrentHashMap<>();
    /** Each handler method's rule and parameter names, found once: every request asks (2% of a command's CPU). */
    private final Map<HandlerMethod, HandlerFacts> facts = new ConcurrentHashMap<>();
    /** The beans behind the providers, looked up at the first request (the providers break a cycle at start-up). */
    private volatile Beans beans;

    private record HandlerFacts(Optional<PreAuthorize> rule, String[] parameterNames) {
    }

    /** @param conversion MVC's conversion service, or null without one */
    private record Beans(RequestMappingHandlerMapping mapping, ConversionService conversion) {
    }

    EndpointRules(ObjectProvider<RequestMappingHandlerMapping> mappings, ObjectProvider<ConversionService> conversions,
                  RoleHierarchy roleHierarchy) {
        this.mappings = mappings;
        this.conversions = conversions;
        this.expressions.setRoleHierarchy(roleHierarchy);
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        HandlerMethod handler = handlerOf(request);
        if (handler == null) {
            // no such endpoint (or wrong method): any authenticated caller may learn that, as a 404/405
            return authenticated.check(authentication, context);
        }
        HandlerFacts known = facts.computeIfAbsent(handler, registered ->
                new HandlerFacts(Optional.ofNullable(ruleOf(registered)), PARAMETER_NAMES.getParameterNames(registered.getMethod())));
        PreAuthorize rule = known.rule().orElse(null);
        if (rule == null) {
            if (handler.getBeanType().getName().startsWith(LEDGER_PACKAGE)) {
                log.error("{} has no @PreAuthorize rule: refused to everyone until it has one", handler.getShortLogMessage());
                return new AuthorizationDecision(false);
            }
            return authenticated.check(authentication, context);
        }
        try {
            HandlerMethod resolved = handler.createWithResolvedBean();
            MethodInvocation invocation = new SimpleMethodInvocation(resolved.getBean(), handler.getMethod(),
                    argumentsOf(handler, known.parameterNames(), request));
            EvaluationContext evaluation = expressions.createEvaluationContext(authentication, invocation);
            Expression expression = parsed.computeIfAbsent(rule.value(), expressions.getExpressionParser()::parseExpression);
            return new AuthorizationDecision(ExpressionUtils.evaluateAsBoolean(expression, evaluation));
        } catch (RuntimeException unevaluable) {
            log.error("the rule of {} could not be evaluated: refused", handler.getShortLogMessage(), unevaluable);
            return new AuthorizationDecision(false);
        }
    }

    /** The rule of a handler: on the method, else on its controller. */
    static PreAuthorize ruleOf(HandlerMethod handler) {
        PreAuthorize onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
    }

    private HandlerMethod handlerOf(HttpServletRequest request) {
        RequestPath previous = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request) : null;
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain chain = beans().mapping().getHandler(request);
            return chain != null && chain.getHandler() instanceof HandlerMethod method ? method : null;
        } catch (Exception noMatch) {
            return null;
        } finally {
            if (previous == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            } else {
                ServletRequestPathUtils.setParsedRequestPath(previous, request);
            }
        }
    }

    private Beans beans() {
        Beans known = beans;
        if (known == null) {
            known = new Beans(mappings.getObject(), conversions.getIfAvailable());
            beans = known;
        }
        return known;
    }

    /** Path variables, converted as MVC would, for rules that depend on them; everything else is unknown yet. */
    private Object[] argumentsOf(HandlerMethod handler, String[] names, HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        MethodParameter[] parameters = handler.getMethodParameters();
        Object[] arguments = new Object[parameters.length];
        ConversionService conversion = beans().conversion();
        for (int i = 0; i < parameters.length; i++) {
            PathVariable pathVariable = parameters[i].getParameterAnnotation(PathVariable.class);
            if (pathVariable == null || variables == null || conversion == null) {
                continue;
            }
            String name = !pathVariable.value().isEmpty() ? pathVariable.value() : names[i];
            String raw = variables.get(name);
            try {
                arguments[i] = raw == null ? null
                        : conversion.convert(raw, TypeDescriptor.valueOf(String.class), new TypeDescriptor(parameters[i]));
            } catch (RuntimeException unconvertible) {
                arguments[i] = null;
            }
        }
        return arguments;
    }
}
