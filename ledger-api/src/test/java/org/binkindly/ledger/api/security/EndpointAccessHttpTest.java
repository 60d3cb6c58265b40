package org.binkindly.ledger.api.security;

import org.aopalliance.intercept.MethodInvocation;
import org.binkindly.ledger.api.support.Endpoints;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.SampleResources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.bind.annotation.PathVariable;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint the application maps, against every role, over HTTP. The allowed roles come from
 * each endpoint's own {@code @PreAuthorize}; an endpoint of the ledger without one fails here.
 * Unauthenticated → 401, a role the rule refuses → 403, a role it allows → let through to the
 * endpoint itself (its own answer, never 401/403/5xx).
 */
class EndpointAccessHttpTest extends LedgerHttpTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    RoleHierarchy roleHierarchy;

    @Autowired
    @Qualifier("mvcConversionService")
    ConversionService conversion;

    @Test
    void everyLedgerEndpointDeclaresWhoMayCallIt() {
        List<String> withoutRule = Endpoints.ledgers(context).stream()
                .filter(endpoint -> ruleOf(endpoint) == null)
                .map(Endpoints.Endpoint::toString)
                .toList();
        assertThat(withoutRule).as("endpoints without @PreAuthorize").isEmpty();
        assertThat(Endpoints.ledgers(context)).as("the mappings were found at all").hasSizeGreaterThan(25);
    }

    @Test
    void everyEndpointAnswersEachRoleAsItsRuleSays() throws Exception {
        Map<String, String> samples = SampleResources.create(ledger);
        Map<Role, String> tokens = tokenPerRole();
        List<String> wrong = new ArrayList<>();
        Map<String, Set<Role>> table = new LinkedHashMap<>();

        for (Endpoints.Endpoint endpoint : Endpoints.of(context)) {
            if (endpoint.pattern().equals("/error")) {
                continue;
            }
            String path = endpoint.path(samples);
            PreAuthorize rule = ruleOf(endpoint);
            // springdoc's own pages (the API description and Swagger UI) are public
            boolean anonymousAllowed = rule == null ? !endpoint.isLedgers() : allows(rule, endpoint, samples, anonymous());
            LedgerClient.Response anonymousAnswer = call(endpoint, path, null);
            if (!anonymousAllowed && (anonymousAnswer.status() != 401 || !"UNAUTHENTICATED".equals(anonymousAnswer.code()))) {
                wrong.add("%s without a token: %s".formatted(endpoint, anonymousAnswer));
            }
            Set<Role> allowed = EnumSet.noneOf(Role.class);
            for (Role role : Role.values()) {
                boolean expected = rule == null
                        ? !endpoint.isLedgers() // springdoc's own pages: anyone
                        : allows(rule, endpoint, samples, holding(role));
                LedgerClient.Response answer = call(endpoint, path, tokens.get(role));
                if (expected) {
                    allowed.add(role);
                    if (answer.status() == 401 || answer.status() == 403 || answer.status() >= 500) {
                        wrong.add("%s as %s should be let through: %s".formatted(endpoint, role, answer));
                    }
                } else if (answer.status() != 403 || !"FORBIDDEN".equals(answer.code())) {
                    wrong.add("%s as %s should be 403 FORBIDDEN: %s".formatted(endpoint, role, answer));
                }
            }
            table.put(endpoint.toString(), allowed);
        }
        assertThat(wrong).as("answers that break the rules").isEmpty();

        // The runbook's roles, as invariants over whatever endpoints exist: the auditor changes nothing,
        // the admin may do everything, every command needs some role.
        table.forEach((endpoint, allowed) -> {
            assertThat(allowed).as(endpoint).contains(Role.ADMIN);
            if (!endpoint.startsWith("GET ")) {
                assertThat(allowed).as(endpoint).doesNotContain(Role.AUDITOR);
            }
        });
        assertThat(table.get("PUT /incidents/{incidentId}/roles/{role}"))
                .as("taking ON_CALL_OPERATOR").containsExactlyInAnyOrder(Role.OPERATOR, Role.ADMIN);
        assertThat(table.get("POST /incidents/{incidentId}/closure")).containsExactlyInAnyOrder(Role.INCIDENT_OWNER, Role.ADMIN);
        assertThat(table.get("POST /admin/tokens")).containsExactly(Role.ADMIN);
    }

    @Test
    void aWrongRoleIsRefusedBeforeItsBodyIsEvenRead() {
        LedgerClient.Response answer = ledger.post("/incidents", LedgerClient.AUDREY_AUDITOR, "{ this is not json");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.code()).isEqualTo("FORBIDDEN");
    }

    private LedgerClient.Response call(Endpoints.Endpoint endpoint, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ledger.base() + path));
        switch (endpoint.method()) {
            case GET -> request.GET();
            case DELETE -> request.DELETE();
            default -> request.header("Content-Type", "application/json")
                    .method(endpoint.method().name(), HttpRequest.BodyPublishers.ofString("{}"));
        }
        try {
            // this walk is about roles, not speed: a rebuild or a view check over the log this fork's earlier classes
            // grew can pass the client's usual 30 s on a loaded machine (a rebuild was seen timing out in CI)
            return ledger.send(request, token, Duration.ofMinutes(5));
        } catch (AssertionError e) {
            throw new AssertionError("%s %s: %s".formatted(endpoint.method(), path, e.getMessage()), e);
        }
    }

    private Map<Role, String> tokenPerRole() {
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            LedgerClient.Response created = ledger.post("/admin/tokens", LedgerClient.ROOT_ADMIN,
                    Map.of("name", "matrix-" + role.name().toLowerCase().replace('_', '-'), "roles", List.of(role.name())));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            tokens.put(role, created.json().path("token").asText());
        }
        return tokens;
    }

    private static PreAuthorize ruleOf(Endpoints.Endpoint endpoint) {
        PreAuthorize onMethod = AnnotatedElementUtils.findMergedAnnotation(endpoint.handler().getMethod(), PreAuthorize.class);
        return onMethod != null ? onMethod
                : AnnotatedElementUtils.findMergedAnnotation(endpoint.handler().getBeanType(), PreAuthorize.class);
    }

    /** Evaluates the endpoint's rule for a caller with the sample path variables, as Spring Security would around the method. */
    private boolean allows(PreAuthorize rule, Endpoints.Endpoint endpoint, Map<String, String> samples, Authentication caller) {
        DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
        expressions.setRoleHierarchy(roleHierarchy);
        MethodParameter[] parameters = endpoint.handler().getMethodParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            PathVariable variable = parameters[i].getParameterAnnotation(PathVariable.class);
            if (variable != null) {
                String name = variable.value().isEmpty()
                        ? new DefaultParameterNameDiscoverer().getParameterNames(endpoint.handler().getMethod())[i] : variable.value();
                arguments[i] = conversion.convert(samples.get(name), TypeDescriptor.valueOf(String.class), new TypeDescriptor(parameters[i]));
            }
        }
        MethodInvocation invocation = new SimpleMethodInvocation(endpoint.handler().createWithResolvedBean().getBean(),
                endpoint.handler().getMethod(), arguments);
        return ExpressionUtils.evaluateAsBoolean(expressions.getExpressionParser().parseExpression(rule.value()),
                expressions.createEvaluationContext(caller, invocation));
    }

    private static Authentication holding(Role role) {
        return UsernamePasswordAuthenticationToken.authenticated("matrix", null, AuthorityUtils.createAuthorityList(role.authority()));
    }

    private static Authentication anonymous() {
        return new AnonymousAuthenticationToken("anonymous", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    }
}
