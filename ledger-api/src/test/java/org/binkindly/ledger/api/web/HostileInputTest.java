package org.binkindly.ledger.api.web;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.binkindly.ledger.api.support.Endpoints;
import org.binkindly.ledger.api.support.HostileJson;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.SampleResources;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at every endpoint, derived from the application's own request mappings: malformed,
 * oversized, wrongly typed and hostile bodies (nesting, Unicode, SQL and script fragments) and
 * hostile path and query values. Whatever arrives: no 5xx; a refusal is a problem detail with a
 * code and writes no event; and what is accepted never breaks a projection.
 */
class HostileInputTest {

    /** The application every HTTP test shares (Spring's context cache), reached from jqwik's lifecycle. */
    abstract static class SharedLedger extends LedgerHttpTest {
    }

    record Call(Endpoints.Endpoint endpoint, String path, String body) {
        @Override
        public String toString() {
            return endpoint.method() + " " + path + (body == null ? "" : " " + (body.length() > 400 ? body.substring(0, 400) + "…(" + body.length() + ")" : body));
        }
    }

    private static ApplicationContext context;
    private static LedgerClient ledger;
    private static Map<String, String> samples;
    private static List<Endpoints.Endpoint> endpoints;

    private static synchronized void connect() {
        if (context != null) {
            return;
        }
        try {
            context = new TestContextManager(SharedLedger.class).getTestContext().getApplicationContext();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ledger = new LedgerClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        samples = SampleResources.create(ledger);
        endpoints = Endpoints.ledgers(context);
    }

    @AfterContainer
    static void disconnect() {
        context = null;
    }

    @Property(tries = 400)
    void hostileBodiesAtCommandEndpointsAreRefusedCleanlyAndWriteNothing(@ForAll("bodies") Call call) {
        check(call);
    }

    @Property(tries = 250)
    void hostilePathAndQueryValuesAtEveryEndpointAreRefusedCleanly(@ForAll("parameters") Call call) {
        check(call);
    }

    /**
     * One refusal of each class, each by what refuses it (security, the dispatcher, a filter, the
     * aggregate): the log's head stays where it was. The 406 is a well-formed declaration the
     * ledger could have recorded, refused only for the answer's type.
     */
    @Example
    void noRefusalOfAnyClassMovesTheLogHead() {
        connect();
        String incident = "/incidents/" + samples.get("incidentId");
        String scope = org.binkindly.ledger.api.support.Incidents.freshScope();
        String declaration = json(org.binkindly.ledger.api.support.Incidents.declaration("BAD_PUBLISH", scope,
                org.binkindly.ledger.api.support.Incidents.NOTHING_WRONG));
        String evidence = "{\"field\":\"CONTAINMENT_ACTION\",\"action\":\"paused promotion\"}";
        String key = UUID.randomUUID().toString();
        assertThat(ledger.post(incident + "/evidence", LedgerClient.ALICE_OPERATOR, evidence, "Idempotency-Key", key).status())
                .isEqualTo(200);

        Map<Integer, java.util.function.Supplier<LedgerClient.Response>> refusals = new LinkedHashMap<>();
        refusals.put(401, () -> ledger.post("/incidents", null, declaration));
        refusals.put(403, () -> ledger.post("/incidents", LedgerClient.AUDREY_AUDITOR, declaration));
        refusals.put(404, () -> ledger.post("/incidents/inc-000000000000/evidence", LedgerClient.ALICE_OPERATOR, evidence));
        refusals.put(405, () -> ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + "/incidents"))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(declaration)),
                LedgerClient.ALICE_OPERATOR));
        refusals.put(406, () -> ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, declaration, "Accept", "application/xml"));
        refusals.put(409, () -> ledger.post(incident + "/checklist/CLOSURE_CONDITION/waiver", LedgerClient.OLIVIA_OWNER,
                "{\"reason\":\"cannot skip this\"}"));
        refusals.put(412, () -> ledger.post(incident + "/evidence", LedgerClient.ALICE_OPERATOR, evidence, "If-Match", "\"999999\""));
        refusals.put(413, () -> ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                declaration.replace("candidate pack", "x".repeat(70_000))));
        refusals.put(415, () -> ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + "/incidents"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(declaration)),
                LedgerClient.ALICE_OPERATOR));
        refusals.put(422, () -> ledger.post(incident + "/evidence", LedgerClient.ALICE_OPERATOR,
                evidence.replace("paused promotion", "something else"), "Idempotency-Key", key));
        refusals.put(400, () -> ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                declaration.replace("\"incidentClass\"", "\"incidentClas\"")));

        ViewFreshness freshness = context.getBean(ViewFreshness.class);
        EventLog log = context.getBean(EventLog.class);
        refusals.forEach((status, refusal) -> {
            // policies reacting to earlier events have written what they will before the head is read
            jdbc().queryForList("select distinct processor_name from token_entry", String.class)
                    .forEach(freshness::awaitCaughtUp);
            OptionalLong before = log.head();
            LedgerClient.Response response = refusal.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(status);
            assertThat(response.isProblem()).as(response.toString()).isTrue();
            assertThat(log.head()).as("the log head after a refused %d: %s", status, response).isEqualTo(before);
        });
    }

    private static String json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Provide
    Arbitrary<Call> bodies() {
        connect();
        // commands that read a body: one that reads none (a rebuild, a probe) meets its hostile path and query
        // values in the property below, and a body it never reads would only re-run its (slow) work
        List<Endpoints.Endpoint> commands = endpoints.stream()
                .filter(endpoint -> endpoint.isCommand() && bodyType(endpoint) != null).toList();
        assertThat(commands).hasSizeGreaterThan(15);
        return Arbitraries.of(commands).flatMap(endpoint ->
                HostileJson.bodyFor(bodyType(endpoint)).map(body -> new Call(endpoint, endpoint.path(samples), body)));
    }

    @Provide
    Arbitrary<Call> parameters() {
        connect();
        return Arbitraries.of(endpoints).flatMap(endpoint -> {
            Map<String, Arbitrary<String>> values = new LinkedHashMap<>();
            for (String variable : endpoint.variables()) {
                values.put(variable, Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(samples.get(variable))),
                        net.jqwik.api.Tuple.of(2, HostileJson.parameter().map(HostileInputTest::pathSegment))));
            }
            Arbitrary<String> query = Arbitraries.just("");
            for (String name : queryParameters(endpoint)) {
                query = Combinators.combine(query, HostileJson.parameter())
                        .as((before, value) -> before + (before.isEmpty() ? "?" : "&") + name + "="
                                + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            Arbitrary<Map<String, String>> path = Arbitraries.just(Map.<String, String>of());
            for (Map.Entry<String, Arbitrary<String>> entry : values.entrySet()) {
                path = Combinators.combine(path, entry.getValue()).as((map, value) -> {
                    Map<String, String> next = new LinkedHashMap<>(map);
                    next.put(entry.getKey(), value);
                    return next;
                });
            }
            return Combinators.combine(path, query).as((variables, q) -> new Call(endpoint, endpoint.path(variables) + q,
                    endpoint.isCommand() ? "{}" : null));
        });
    }

    private static void check(Call call) {
        String requestId = "fuzz-" + UUID.randomUUID();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ledger.base() + call.path()))
                .header("X-Request-Id", requestId);
        if (call.body() == null) {
            request.method(call.endpoint().method().name(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(call.endpoint().method().name(), HttpRequest.BodyPublishers.ofString(call.body()));
        }
        // events the call writes are numbered after the head it found (a sequence hands out rising numbers)
        long headBefore = context.getBean(EventLog.class).head().orElse(-1);
        LedgerClient.Response response = ledger.send(request, LedgerClient.ROOT_ADMIN);

        Statistics.collect(response.status() / 100 + "xx", response.isProblem() ? response.code() : "-");
        assertThat(response.status()).as("%s → %s", call, response).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.isProblem()).as("%s → %s", call, response).isTrue();
            assertThat(response.code()).as("%s → %s", call, response).isNotBlank();
            assertThat(response.text()).as("%s", call).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(eventsCausedBy(requestId, headBefore)).as("events written by refused %s", call).isZero();
        } else {
            // accepted: whatever was recorded must fold into every view (a poison event would stop one for good)
            ViewFreshness freshness = context.getBean(ViewFreshness.class);
            for (String processor : jdbc().queryForList("select distinct processor_name from token_entry", String.class)) {
                assertThat(freshness.awaitCaughtUp(processor)).as("%s still folds %s after %s", processor, requestId, call).isTrue();
            }
        }
    }

    /** Only the events after the head the call found: reading every event's metadata grew with the shared log. */
    private static long eventsCausedBy(String requestId, long headBefore) {
        return jdbc().queryForObject(
                "select count(*) from domain_event_entry where global_index > ?"
                        + " and convert_from(meta_data, 'UTF8')::jsonb ->> 'requestId' = ?",
                Long.class, headBefore, requestId);
    }

    private static JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    private static Class<?> bodyType(Endpoints.Endpoint endpoint) {
        for (MethodParameter parameter : endpoint.handler().getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                return parameter.getParameterType();
            }
        }
        return null;
    }

    private static List<String> queryParameters(Endpoints.Endpoint endpoint) {
        List<String> names = new ArrayList<>();
        String[] discovered = new org.springframework.core.DefaultParameterNameDiscoverer().getParameterNames(endpoint.handler().getMethod());
        MethodParameter[] parameters = endpoint.handler().getMethodParameters();
        for (int i = 0; i < parameters.length; i++) {
            RequestParam param = parameters[i].getParameterAnnotation(RequestParam.class);
            if (param != null && !parameters[i].hasParameterAnnotation(PathVariable.class)) {
                names.add(!param.value().isEmpty() ? param.value() : discovered[i]);
            }
        }
        return names;
    }

    /** A value as one path segment: percent-encoded, and never a slash, which the servlet container itself refuses. */
    private static String pathSegment(String value) {
        String flat = value.replace('/', '_').replace('\\', '_');
        String encoded = URLEncoder.encode(flat.isEmpty() ? "_" : flat, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.equals(".") || encoded.equals("..") ? "_" : encoded;
    }
}
