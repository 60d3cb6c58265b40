package org.binkindly.ledger.api.incident;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import org.binkindly.ledger.adapters.alertmanager.AlertmanagerPayload;
import org.binkindly.ledger.api.support.AlertmanagerPayloads;
import org.binkindly.ledger.api.support.Endpoints;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.SampleResources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a problem detail with a stable code: never a 500, never a stack trace. */
class BadInputHttpTest extends LedgerHttpTest {

    private static final String TOKEN = LedgerClient.ALICE_OPERATOR;

    @Autowired
    private ApplicationContext context;

    @Test
    void anUnknownIncidentClassNamesTheAllowedValues() {
        Map<String, Object> body = Incidents.declaration("PUBLISH_HICCUP", Incidents.freshScope(), Map.of());
        LedgerClient.Response response = ledger.post("/incidents", TOKEN, body);
        expectProblem(response, 400, "INVALID_VALUE");
        assertThat(response.json().path("detail").asText()).contains("incidentClass").contains("PUBLISH_FAILURE");
    }

    @Test
    void missingRequiredFieldsAreListed() {
        LedgerClient.Response response = ledger.post("/incidents", TOKEN, "{\"incidentClass\":\"BAD_PUBLISH\"}");
        expectProblem(response, 400, "VALIDATION_FAILED");
        assertThat(response.json().path("detail").asText()).contains("scope").contains("trigger").contains("observedFailureMode");
    }

    @Test
    void aNumberIsNeverTakenAsAnEnumValue() {
        Map<String, Object> body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        body.put("incidentClass", 4);
        expectField(ledger.post("/incidents", TOKEN, body), "INVALID_VALUE", "incidentClass");

        body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        body.put("severity", 0);
        expectField(ledger.post("/incidents", TOKEN, body), "INVALID_VALUE", "severity");

        Map<String, Object> everyFactOne = new LinkedHashMap<>();
        Incidents.NOTHING_WRONG.keySet().forEach(fact -> everyFactOne.put(fact, 1));
        body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Map.of());
        body.put("impact", everyFactOne);
        LedgerClient.Response ordinals = ledger.post("/incidents", TOKEN, body);
        expectProblem(ordinals, 400, "INVALID_VALUE");
        assertThat(ordinals.json().path("field").asText()).startsWith("impact.");

        body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Map.of());
        body.put("impact", Map.of("0", "YES"));
        expectField(ledger.post("/incidents", TOKEN, body), "INVALID_VALUE", "impact");

        body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Map.of());
        body.put("trigger", Map.of("kind", 0, "detail", "seen"));
        expectField(ledger.post("/incidents", TOKEN, body), "INVALID_VALUE", "trigger.kind");
    }

    /** Jackson's own reading takes a number or a boolean where text belongs as its text: "action": 1 was stored as "1". */
    @Test
    void aNumberOrABooleanIsNeverTakenAsText() {
        for (Object notText : List.of(1, 1.5, true)) {
            Map<String, Object> body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Incidents.NOTHING_WRONG);
            body.put("observedFailureMode", notText);
            expectField(ledger.post("/incidents", TOKEN, body), "INVALID_VALUE", "observedFailureMode");
        }
        String id = new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        expectField(ledger.post("/incidents/" + id + "/evidence", TOKEN, Map.of("field", "CONTAINMENT_ACTION", "action", 1)),
                "INVALID_VALUE", "action");
        LedgerClient.Response recorded = ledger.post("/incidents/" + id + "/evidence", TOKEN,
                Map.of("field", "CONTAINMENT_ACTION", "action", "1"));
        assertThat(recorded.status()).as("the same as text").isEqualTo(200);
    }

    /** Jackson's own reading takes a number as seconds since 1970: 1733400000 would be 2024-12-05T12:00:00Z. */
    @Test
    void aNumberIsNeverTakenAsAnInstant() {
        for (Object notText : List.of(1_733_400_000L, 1_733_400_000.5, 0, "1733400000", "1733400000.5", "", List.of(2026, 12, 5),
                Map.of("epochSecond", 1))) {
            Map<String, Object> body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Incidents.NOTHING_WRONG);
            body.put("detectedAt", notText);
            LedgerClient.Response refused = ledger.post("/incidents", TOKEN, body);
            expectField(refused, "INVALID_VALUE", "detectedAt");
            assertThat(refused.json().path("detail").asText()).as("%s", notText).contains("ISO-8601");
        }
        String id = new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        expectField(ledger.post("/incidents/" + id + "/evidence", TOKEN, Map.of("field", "FOLLOW_UP_REQUIREMENT",
                "requirement", "a follow-up", "dueBy", 1_900_000_000L)), "INVALID_VALUE", "dueBy");

        // the same text still reads
        Map<String, Object> body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        body.put("detectedAt", "2026-01-01T00:00:00Z");
        LedgerClient.Response declared = ledger.post("/incidents", TOKEN, body);
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(declared.json().path("detectedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");

        // Alertmanager's webhook reads its own payload, and an alert is never refused for its content: a number
        // for startsAt is kept as an unroutable alert, with the reason
        Map<String, Object> alert = AlertmanagerPayloads.firing("NoSuchAlertInTheMatrix", Incidents.freshScope(),
                UUID.randomUUID().toString(), Instant.now());
        alert.put("startsAt", 1_733_400_000L);
        LedgerClient.Response kept = ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER,
                AlertmanagerPayloads.delivery(0, alert));
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.json().path("alerts").asInt()).isEqualTo(1);

        // nor in a query: Spring's own formatter takes a number as milliseconds since 1970, and RFC 1123 dates
        String asOf = "/as-of/incidents/" + id + "?at=";
        for (String notIso : List.of("1733400000", "1733400000000", "Sat,%205%20Dec%202026%2010:00:00%20GMT", "2026-12-05")) {
            LedgerClient.Response refused = ledger.get(asOf + notIso, LedgerClient.AUDREY_AUDITOR);
            expectProblem(refused, 400, "INVALID_VALUE");
            assertThat(refused.json().path("detail").asText()).as(notIso).contains("at");
        }
        LedgerClient.Response read = ledger.get(asOf + Instant.now().plusSeconds(1), LedgerClient.AUDREY_AUDITOR);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("view").path("incidentId").asText()).isEqualTo(id);
        expectProblem(ledger.get("/reviews/incidents?from=1733400000", LedgerClient.AUDREY_AUDITOR), 400, "INVALID_VALUE");
    }

    @Test
    void anUnknownOrMisspelledFieldIsRefusedByName() {
        Map<String, Object> body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        body.put("detectdAt", "2026-01-01T00:00:00Z");
        LedgerClient.Response misspelled = ledger.post("/incidents", TOKEN, body);
        expectField(misspelled, "UNKNOWN_FIELD", "detectdAt");
        assertThat(misspelled.json().path("detail").asText()).contains("detectedAt");

        body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        body.put("trigger", Map.of("kind", "MANUAL", "detial", "seen"));
        expectField(ledger.post("/incidents", TOKEN, body), "UNKNOWN_FIELD", "trigger.detial");

        String id = new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        expectField(ledger.post("/incidents/" + id + "/evidence", TOKEN,
                Map.of("field", "OBSERVED_FAILURE_MODE", "observation", "x", "observedAt", "now")), "UNKNOWN_FIELD", "observedAt");
    }

    /** Every body of every controller, including one added tomorrow: an unknown field is never ignored. */
    @Test
    void everyRequestBodyRefusesAnUnknownField() {
        Map<String, String> samples = SampleResources.create(ledger);
        List<String> checked = new ArrayList<>();
        for (Endpoints.Endpoint endpoint : Endpoints.ledgers(context)) {
            Class<?> body = bodyType(endpoint);
            // Alertmanager's payload is read leniently on purpose (the webhook takes the raw body since an alert is
            // never refused for its content); its own test is alertmanagerPayloadsStayLenientAboutFieldsTheyMayAdd
            if (body == null || body == AlertmanagerPayload.class || endpoint.path(samples).equals("/alerts/alertmanager")) {
                continue;
            }
            JsonSubTypes subtypes = body.getAnnotation(JsonSubTypes.class);
            String json = subtypes == null ? "{\"noSuchField\":\"x\"}"
                    : "{\"field\":\"%s\",\"noSuchField\":\"x\"}".formatted(subtypes.value()[0].name());
            LedgerClient.Response response = ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + endpoint.path(samples)))
                    .header("Content-Type", "application/json")
                    .method(endpoint.method().name(), HttpRequest.BodyPublishers.ofString(json)), LedgerClient.ROOT_ADMIN);
            assertThat(response.status()).as("%s with an unknown field → %s", endpoint, response).isEqualTo(400);
            assertThat(response.code()).as("%s → %s", endpoint, response).isEqualTo("UNKNOWN_FIELD");
            assertThat(response.json().path("field").asText()).as("%s", endpoint).isEqualTo("noSuchField");
            checked.add(endpoint.toString());
        }
        assertThat(checked).hasSizeGreaterThan(10);
    }

    @Test
    void alertmanagerPayloadsStayLenientAboutFieldsTheyMayAdd() {
        Map<String, Object> alert = AlertmanagerPayloads.firing("NoSuchAlertInTheMatrix", Incidents.freshScope(),
                UUID.randomUUID().toString(), Instant.now().minusSeconds(60));
        alert.put("silenceURL", "http://alertmanager.example:9093/#/silences/new");
        Map<String, Object> payload = AlertmanagerPayloads.delivery(0, alert);
        payload.put("someFutureField", Map.of("a", 1));
        LedgerClient.Response answer = ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER, payload);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("unmapped").asLong()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsAProblemNotACrash() {
        expectProblem(ledger.post("/incidents", TOKEN, "{\"incidentClass\": \"BAD_PUB"), 400, "MALFORMED_REQUEST");
        expectProblem(ledger.post("/incidents", TOKEN, ""), 400, "MALFORMED_REQUEST");
        expectProblem(ledger.post("/incidents", TOKEN, "[1,2,3]"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void aMalformedScopeIsRefusedWithTheScopeCode() {
        expectProblem(ledger.post("/incidents", TOKEN, Incidents.declaration("BAD_PUBLISH", "planet/earth", Map.of())),
                400, "INVALID_SCOPE");
        expectProblem(ledger.post("/incidents", TOKEN, Incidents.declaration("BAD_PUBLISH", "locality/Not Valid!", Map.of())),
                400, "INVALID_SCOPE");
    }

    @Test
    void anUnknownIncidentIsNotFound() {
        expectProblem(ledger.get("/incidents/inc-000000000000", TOKEN), 404, "INCIDENT_NOT_FOUND");
        expectProblem(ledger.get("/incidents/not-an-id", TOKEN), 404, "INCIDENT_NOT_FOUND");
        expectProblem(ledger.post("/incidents/inc-000000000000/evidence", TOKEN,
                Map.of("field", "OBSERVED_FAILURE_MODE", "observation", "x")), 404, "INCIDENT_NOT_FOUND");
        expectProblem(ledger.get("/nowhere", TOKEN), 404, "NOT_FOUND");
    }

    @Test
    void anOversizeBodyIsRefusedBeforeItIsRead() {
        String huge = "{\"incidentClass\":\"BAD_PUBLISH\",\"observedFailureMode\":\"" + "x".repeat(70_000) + "\"}";
        expectProblem(ledger.post("/incidents", TOKEN, huge), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void evidenceOfAFieldThatIsNotRecordedThisWayIsRefused() {
        String id = new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        LedgerClient.Response response = ledger.post("/incidents/" + id + "/evidence", TOKEN,
                Map.of("field", "OPERATOR_OR_OWNER", "text", "mallory"));
        expectField(response, "INVALID_VALUE", "field");
        assertThat(response.json().path("detail").asText()).contains("'OPERATOR_OR_OWNER' is not a recognised value")
                .contains("CONTAINMENT_ACTION").contains("FOLLOW_UP_REQUIREMENT");
        // the kind missing, or given under another name: the detail says which property gives it, not "'null'"
        for (Map<String, Object> noKind : List.<Map<String, Object>>of(Map.of("action", "no field"),
                Map.of("kind", "CONTAINMENT_ACTION", "action", "paused publishing"))) {
            LedgerClient.Response missing = ledger.post("/incidents/" + id + "/evidence", TOKEN, noKind);
            expectField(missing, "INVALID_VALUE", "field");
            assertThat(missing.json().path("detail").asText()).as(noKind.toString())
                    .startsWith("field 'field' is required; one of ").contains("CONTAINMENT_ACTION").doesNotContain("null");
        }
        expectProblem(ledger.post("/incidents/" + id + "/evidence", TOKEN,
                Map.of("field", "ROLLBACK_OR_KILL_SWITCH_ACTION", "kind", "ROLLBACK", "outcome", "rolled back")),
                400, "INTERVENTION_REFERENCE_REQUIRED");
        expectProblem(ledger.post("/incidents/" + id + "/checklist/NO_SUCH_STEP/completion", TOKEN,
                Map.of("evidence", "done")), 404, "CHECKLIST_ITEM_NOT_FOUND");
        expectProblem(ledger.post("/incidents/" + id + "/checklist/CLOSURE_CONDITION/waiver", TOKEN,
                Map.of("reason", "cannot skip this")), 409, "CLOSURE_CONDITION_NOT_WAIVABLE");
    }

    @Test
    void aReportedTimeInTheFutureIsRefused() {
        Map<String, Object> body = Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Map.of());
        body.put("detectedAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        expectProblem(ledger.post("/incidents", TOKEN, body), 400, "TIME_IN_FUTURE");
        body.put("detectedAt", "yesterday");
        expectProblem(ledger.post("/incidents", TOKEN, body), 400, "INVALID_VALUE");
    }

    @Test
    void wrongMethodAndMediaTypeAreProblems() {
        expectProblem(ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + "/incidents"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")), TOKEN),
                415, "UNSUPPORTED_MEDIA_TYPE");
        expectProblem(ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + "/board")).DELETE(), TOKEN),
                405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void noTokenOrABadTokenIsUnauthenticatedAndAWrongRoleIsForbidden() {
        expectProblem(ledger.get("/board", null), 401, "UNAUTHENTICATED");
        expectProblem(ledger.get("/board", "not-a-real-token-at-all"), 401, "UNAUTHENTICATED");
        expectProblem(ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + "/board"))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0").GET(), null), 401, "UNAUTHENTICATED");
        expectProblem(ledger.post("/incidents", LedgerClient.AUDREY_AUDITOR,
                Incidents.declaration("BAD_PUBLISH", Incidents.freshScope(), Map.of())), 403, "FORBIDDEN");
        assertThat(ledger.get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void kubernetesProbesAnswerWithoutAToken() {
        // the paths docs/kubernetes/deployment.yaml probes: Spring's liveness and readiness groups
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            LedgerClient.Response answer = ledger.get(probe, null);
            assertThat(answer.status()).as(probe).isEqualTo(200);
            assertThat(answer.json().path("status").asText()).as(probe).isEqualTo("UP");
        }
        assertThat(ledger.get("/actuator/health/no-such-group", null).status()).isEqualTo(404);
    }

    @Test
    void theApiDescribesItself() {
        LedgerClient.Response openApi = ledger.get("/v3/api-docs", TOKEN);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().path("paths").has("/incidents/{incidentId}/closure")).isTrue();
        // the contract itself is public (Swagger UI must open to offer Authorize); what it describes is not
        assertThat(ledger.get("/v3/api-docs", null).status()).isEqualTo(200);
        expectProblem(ledger.get("/incidents", null), 401, "UNAUTHENTICATED");
    }

    private static void expectField(LedgerClient.Response response, String code, String field) {
        expectProblem(response, 400, code);
        assertThat(response.json().path("field").asText()).as(response.toString()).isEqualTo(field);
    }

    private static Class<?> bodyType(Endpoints.Endpoint endpoint) {
        for (MethodParameter parameter : endpoint.handler().getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                return parameter.getParameterType();
            }
        }
        return null;
    }

    private static void expectProblem(LedgerClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as("content type of " + response).isTrue();
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
