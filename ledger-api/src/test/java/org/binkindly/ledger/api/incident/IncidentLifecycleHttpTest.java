package org.binkindly.ledger.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

class IncidentLifecycleHttpTest extends LedgerHttpTest {

    @Autowired
    private EventProcessingConfiguration processing;

    private Incidents incidents;

    @BeforeEach
    void walkers() {
        incidents = new Incidents(ledger);
    }

    /**
     * A command's answer, folded by the aggregate from the events it just applied, is the incident as a read
     * after it shows it, to the character: the times it folded live are the log's, to the millisecond.
     */
    @Test
    void aCommandsAnswerIsWhatAReadAfterItShows() {
        String id = incidents.declare(IncidentClass.PUBLISH_FAILURE.name(), Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        JsonNode answer = expectOk(ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "paused the feed")));
        JsonNode read = expectOk(ledger.get("/incidents/" + id, LedgerClient.AUDREY_AUDITOR));

        assertThat(read.path("containmentActions")).hasSize(1);
        assertThat(read.toPrettyString()).isEqualTo(answer.toPrettyString());
    }

    @ParameterizedTest
    @EnumSource(IncidentClass.class)
    void everyClassIsRefusedClosureUntilEvidencedThenCloses(IncidentClass incidentClass) {
        String scope = Incidents.freshScope();
        JsonNode declared = incidents.declare(incidentClass.name(), scope, Incidents.NOTHING_WRONG);
        String id = declared.path("incidentId").asText();
        String path = "/incidents/" + id;

        assertThat(declared.path("incidentClass").asText()).isEqualTo(incidentClass.name());
        assertThat(declared.path("closureCondition").asText()).isEqualTo(incidentClass.closureCondition());
        assertThat(itemIds(declared)).containsAll(incidentClass.steps().stream().map(step -> step.itemId()).toList())
                .contains("CLOSURE_CONDITION", "SEV3_RECORD", "SEV3_INVESTIGATE");
        assertThat(onBoard(id)).isTrue();

        LedgerClient.Response refused = ledger.post(path + "/closure", LedgerClient.OLIVIA_OWNER,
                Map.of("postIncidentRecord", "too early"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.code()).isEqualTo("INCIDENT_NOT_CLOSABLE");
        assertThat(texts(refused.json().path("missing"))).contains(
                "EVIDENCE/CONTAINMENT_ACTION", "EVIDENCE/ROLLBACK_OR_KILL_SWITCH_ACTION", "EVIDENCE/VERIFICATION_RESULT",
                "EVIDENCE/OPERATOR_OR_OWNER", "EVIDENCE/FOLLOW_UP_REQUIREMENT", "CHECKLIST/CLOSURE_CONDITION")
                .doesNotContain("EVIDENCE/TIMESTAMP", "EVIDENCE/SCOPE", "EVIDENCE/TRIGGER_SOURCE", "EVIDENCE/OBSERVED_FAILURE_MODE");

        JsonNode evidenced = incidents.evidenceEverything(id);
        assertThat(evidenced.path("closable").asBoolean()).as(evidenced.path("missingForClosure").toString()).isTrue();
        JsonNode completeness = expectOk(ledger.get(path + "/evidence", LedgerClient.AUDREY_AUDITOR));
        assertThat(completeness.path("fields")).hasSize(EvidenceField.values().length);
        completeness.path("fields").forEach(field -> assertThat(field.path("present").asBoolean()).as(field.toString()).isTrue());
        assertThat(completeness.path("closable").asBoolean()).isTrue();

        JsonNode closed = expectOk(ledger.post(path + "/closure", LedgerClient.OLIVIA_OWNER,
                Map.of("postIncidentRecord", "gate held; LKG stayed active; canary added")));
        assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("closure").path("provenance").path("actor").asText()).isEqualTo("olivia");
        assertThat(onBoard(id)).isFalse();

        JsonNode again = expectOk(ledger.post(path + "/closure", LedgerClient.OLIVIA_OWNER,
                Map.of("postIncidentRecord", "closing twice changes nothing")));
        assertThat(again.path("version").asLong()).isEqualTo(closed.path("version").asLong());
        LedgerClient.Response afterClose = ledger.post(path + "/evidence", LedgerClient.ALICE_OPERATOR,
                Map.of("field", "OBSERVED_FAILURE_MODE", "observation", "late note"));
        assertThat(afterClose.status()).isEqualTo(409);
        assertThat(afterClose.code()).isEqualTo("INCIDENT_CLOSED");
        assertThat(incidents.declare(incidentClass.name(), scope, Incidents.NOTHING_WRONG).path("incidentId").asText())
                .as("once closed, its class and scope take a new incident without a reason").isNotEqualTo(id);
    }

    @Test
    void unknownFactsDeclareSev1AndStatedFactsBringItDown() {
        JsonNode declared = incidents.declare("BAD_PUBLISH", Incidents.freshScope(), Map.of());
        String path = "/incidents/" + declared.path("incidentId").asText();
        assertThat(declared.path("severity").asText()).isEqualTo("SEV1");
        assertThat(itemIds(declared)).contains("SEV1_CONTAIN_IMMEDIATELY", "SEV1_KILL_SWITCH_OR_ROLLBACK");

        Map<String, String> facts = new HashMap<>(Incidents.NOTHING_WRONG);
        facts.put("FALLBACK_PATH_SPIKING", "YES");
        JsonNode reassessed = expectOk(ledger.post(path + "/impact", LedgerClient.ALICE_OPERATOR, Map.of("impact", facts)));
        assertThat(reassessed.path("severity").asText()).isEqualTo("SEV2");
        assertThat(reassessed.path("derivedSeverity").asText()).isEqualTo("SEV2");
        assertThat(itemIds(reassessed)).contains("SEV1_CONTAIN_IMMEDIATELY", "SEV2_HALT_EXPANSION");
        assertThat(reassessed.path("severityHistory").get(0).path("basis").asText()).isEqualTo("DERIVED");
    }

    @Test
    void anOperatorMayEscalateButOnlyTheOwnerDowngradesBelowTheFactsWithAReason() {
        JsonNode declared = incidents.declare("STALE_PACK", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        String path = "/incidents/" + declared.path("incidentId").asText();
        assertThat(declared.path("severity").asText()).isEqualTo("SEV3");

        JsonNode escalated = expectOk(ledger.post(path + "/escalations", LedgerClient.ALICE_OPERATOR,
                Map.of("severity", "SEV1", "reason", "the stale scope is Stockholm on launch day")));
        assertThat(escalated.path("severity").asText()).isEqualTo("SEV1");
        assertThat(escalated.path("escalationFloor").asText()).isEqualTo("SEV1");

        LedgerClient.Response operatorDowngrade = ledger.post(path + "/downgrades", LedgerClient.ALICE_OPERATOR,
                Map.of("severity", "SEV3", "reason", "not my call"));
        assertThat(operatorDowngrade.status()).isEqualTo(403);
        assertThat(operatorDowngrade.code()).isEqualTo("FORBIDDEN");

        LedgerClient.Response noReason = ledger.post(path + "/downgrades", LedgerClient.OLIVIA_OWNER,
                Map.of("severity", "SEV3", "reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.code()).isEqualTo("VALIDATION_FAILED");

        JsonNode downgraded = expectOk(ledger.post(path + "/downgrades", LedgerClient.OLIVIA_OWNER,
                Map.of("severity", "SEV3", "reason", "refresh resumed; Stockholm fresh again")));
        assertThat(downgraded.path("severity").asText()).isEqualTo("SEV3");
        JsonNode lastChange = downgraded.path("severityHistory").get(downgraded.path("severityHistory").size() - 1);
        assertThat(lastChange.path("basis").asText()).isEqualTo("DOWNGRADED");
        assertThat(lastChange.path("provenance").path("actor").asText()).isEqualTo("olivia");
    }

    @Test
    void declaringBelowTheDerivedSeverityIsRefused() {
        Map<String, Object> body = Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Map.of());
        body.put("severity", "SEV3");
        LedgerClient.Response refused = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, body);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("SEVERITY_BELOW_DERIVED");
        assertThat(refused.json().path("detail").asText()).contains("SEV1");
    }

    @Test
    void anEscalationAtDeclarationNeedsAReasonLikeALaterOne() {
        String scope = Incidents.freshScope();
        Map<String, Object> body = Incidents.declaration("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG);
        body.put("severity", "SEV1");
        LedgerClient.Response refused = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("TEXT_REQUIRED");
        assertThat(expectOk(ledger.get("/incidents?scope=" + scope, LedgerClient.ALICE_OPERATOR))).isEmpty();

        body.put("severityReason", "launch day for Stockholm: treat any publish failure as SEV1");
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, body);
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(declared.json().path("severity").asText()).isEqualTo("SEV1");
        JsonNode decision = declared.json().path("decisions").get(0);
        assertThat(decision.path("decision").asText()).contains("SEV1").contains("SEV3");
        assertThat(decision.path("rationale").asText()).isEqualTo("launch day for Stockholm: treat any publish failure as SEV1");

        Map<String, Object> atTheFacts = Incidents.declaration("SOURCE_OUTAGE", scope, Incidents.NOTHING_WRONG);
        atTheFacts.put("severity", "SEV3");
        assertThat(ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, atTheFacts).status())
                .as("the severity the facts demand is no escalation: no reason needed").isEqualTo(201);
    }

    @Test
    void theActorIsTheAuthenticatedCallerWhateverTheBodySays() {
        Map<String, Object> body = Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        body.put("actor", "mallory");
        LedgerClient.Response claimed = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, body);
        assertThat(claimed.status()).as("a body cannot name its actor: the field does not exist").isEqualTo(400);
        assertThat(claimed.code()).isEqualTo("UNKNOWN_FIELD");
        body.remove("actor");
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, body);
        assertThat(declared.status()).isEqualTo(201);
        String id = declared.json().path("incidentId").asText();
        assertThat(declared.json().path("declared").path("actor").asText()).isEqualTo("alice");

        expectOk(ledger.put("/incidents/" + id + "/roles/INCIDENT_OWNER", LedgerClient.OLIVIA_OWNER));
        JsonNode timeline = expectOk(ledger.get("/incidents/" + id + "/timeline", LedgerClient.AUDREY_AUDITOR));
        List<String> actors = new ArrayList<>();
        timeline.path("entries").forEach(entry -> actors.add(entry.path("actor").asText()));
        assertThat(actors).containsExactly("alice", "alice", "olivia");
        assertThat(timeline.path("entries").get(2).path("event").path("holder").asText()).isEqualTo("olivia");
    }

    @Test
    void oneOpenIncidentPerClassAndScopeUnlessTheOperatorSaysWhy() {
        String scope = Incidents.freshScope();
        String open = incidents.declare("STALE_PACK", scope, Incidents.NOTHING_WRONG).path("incidentId").asText();

        LedgerClient.Response second = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                Incidents.declaration("STALE_PACK", scope, Incidents.NOTHING_WRONG));
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("INCIDENT_ALREADY_OPEN");
        assertThat(second.json().path("detail").asText()).contains(open);

        assertThat(incidents.declare("SOURCE_OUTAGE", scope, Incidents.NOTHING_WRONG).path("incidentClass").asText())
                .as("another class on the scope is another incident").isEqualTo("SOURCE_OUTAGE");

        Map<String, Object> separate = Incidents.declaration("STALE_PACK", scope, Incidents.NOTHING_WRONG);
        separate.put("separateBecause", "a second pack build is stale for an unrelated reason");
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, separate);
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        JsonNode decision = declared.json().path("decisions").get(0);
        assertThat(decision.path("decision").asText()).contains(open);
        assertThat(decision.path("rationale").asText()).isEqualTo("a second pack build is stale for an unrelated reason");
    }

    @Test
    void ofConcurrentDeclarationsOfOneClassAndScopeExactlyOneOpensAnIncident() throws Exception {
        String scope = Incidents.freshScope();
        List<Callable<LedgerClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                    Incidents.declaration("SOURCE_OUTAGE", scope, Incidents.NOTHING_WRONG)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<LedgerClient.Response> answers = new ArrayList<>();
        try {
            for (Future<LedgerClient.Response> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(answers).filteredOn(answer -> answer.status() == 201).as(answers.toString()).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 201).as(answers.toString()).hasSize(7)
                .allSatisfy(answer -> assertThat(answer.code()).isEqualTo("INCIDENT_ALREADY_OPEN"));
    }

    @Test
    void restatingFactsMergesThemAndUnknownUnstatesOne() {
        JsonNode declared = incidents.declare("FALLBACK_SPIKE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        String path = "/incidents/" + declared.path("incidentId").asText();
        assertThat(declared.path("severity").asText()).isEqualTo("SEV3");

        JsonNode restated = expectOk(ledger.post(path + "/impact", LedgerClient.ALICE_OPERATOR,
                Map.of("impact", Map.of("FALLBACK_PATH_SPIKING", "YES"))));
        assertThat(restated.path("severity").asText()).as("the other seven facts stay NO").isEqualTo("SEV2");

        JsonNode unstated = expectOk(ledger.post(path + "/impact", LedgerClient.ALICE_OPERATOR,
                Map.of("impact", Map.of("ROLLBACK_PATH_FAILING", "UNKNOWN"))));
        assertThat(unstated.path("severity").asText()).as("an un-stated SEV1 fact counts as true").isEqualTo("SEV1");
    }

    @Test
    void theOpenApiDocumentNamesEveryImpactFactWithItsSeverity() {
        String openApi = expectOk(ledger.get("/v3/api-docs", LedgerClient.AUDREY_AUDITOR)).toString();
        for (org.binkindly.ledger.core.incident.ImpactFact fact : org.binkindly.ledger.core.incident.ImpactFact.values()) {
            assertThat(openApi).contains(fact.name() + " (" + fact.demands() + ")");
        }
    }

    @Test
    void theOwnerIsOnePersonAndTakingOverIsARecordedHandover() {
        JsonNode declared = incidents.declare("FALLBACK_SPIKE", Incidents.freshScope(), Map.of());
        String path = "/incidents/" + declared.path("incidentId").asText();
        expectOk(ledger.put(path + "/roles/INCIDENT_OWNER", LedgerClient.OLIVIA_OWNER));

        // root holds an owner-capable token too, but is not this incident's owner
        LedgerClient.Response otherDowngrade = ledger.post(path + "/downgrades", LedgerClient.ROOT_ADMIN,
                Map.of("severity", "SEV3", "reason", "looks fine to me"));
        assertThat(otherDowngrade.status()).as(otherDowngrade.toString()).isEqualTo(409);
        assertThat(otherDowngrade.code()).isEqualTo("NOT_INCIDENT_OWNER");
        assertThat(otherDowngrade.json().path("detail").asText()).contains("olivia");
        LedgerClient.Response silentTakeover = ledger.put(path + "/roles/INCIDENT_OWNER", LedgerClient.ROOT_ADMIN);
        assertThat(silentTakeover.status()).as(silentTakeover.toString()).isEqualTo(409);
        assertThat(silentTakeover.code()).isEqualTo("HANDOVER_REASON_REQUIRED");

        JsonNode handedOver = expectOk(ledger.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(ledger.base() + path + "/roles/INCIDENT_OWNER"))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"handoverReason\":\"olivia's shift ended\"}")),
                LedgerClient.ROOT_ADMIN));
        assertThat(handedOver.path("roles").path("INCIDENT_OWNER").path("holder").asText()).isEqualTo("root");
        LedgerClient.Response formerOwner = ledger.post(path + "/decisions", LedgerClient.OLIVIA_OWNER,
                Map.of("decision", "roll back", "rationale", "faster"));
        assertThat(formerOwner.code()).as(formerOwner.toString()).isEqualTo("NOT_INCIDENT_OWNER");

        JsonNode timeline = expectOk(ledger.get(path + "/timeline", LedgerClient.AUDREY_AUDITOR));
        JsonNode handover = timeline.path("entries").get(timeline.path("entries").size() - 1);
        assertThat(handover.path("actor").asText()).isEqualTo("root");
        assertThat(handover.path("event").path("handoverReason").asText()).isEqualTo("olivia's shift ended");
    }

    @Test
    void rolesAreTakenOnlyByPeopleWhoHoldThem() {
        JsonNode declared = incidents.declare("FALLBACK_SPIKE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        String path = "/incidents/" + declared.path("incidentId").asText();
        LedgerClient.Response operatorAsOwner = ledger.put(path + "/roles/INCIDENT_OWNER", LedgerClient.ALICE_OPERATOR);
        assertThat(operatorAsOwner.status()).isEqualTo(403);
        LedgerClient.Response auditorAsOperator = ledger.put(path + "/roles/ON_CALL_OPERATOR", LedgerClient.AUDREY_AUDITOR);
        assertThat(auditorAsOperator.status()).isEqualTo(403);
        JsonNode released = expectOk(ledger.put(path + "/roles/RELEASE_OWNER", LedgerClient.RITA_RELEASE));
        assertThat(released.path("roles").path("RELEASE_OWNER").path("holder").asText()).isEqualTo("rita");
    }

    @Test
    void auditorsReadButCannotWrite() {
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.AUDREY_AUDITOR,
                Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(declared.status()).isEqualTo(403);
        assertThat(declared.isProblem()).isTrue();
        assertThat(ledger.get("/board", LedgerClient.AUDREY_AUDITOR).status()).isEqualTo(200);
    }

    @Test
    void aRepeatedSev3OfTheSameClassAndScopeIsFlaggedAsARecurrence() {
        String scope = Incidents.freshScope();
        String first = incidents.declare("FALLBACK_SPIKE", scope, Incidents.NOTHING_WRONG).path("incidentId").asText();
        // while the first is open a second one needs the operator's reason (one open incident per class and scope)
        Map<String, Object> separate = Incidents.declaration("FALLBACK_SPIKE", scope, Incidents.NOTHING_WRONG);
        separate.put("separateBecause", "a different fallback path spikes");
        LedgerClient.Response secondDeclared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, separate);
        assertThat(secondDeclared.status()).as(secondDeclared.toString()).isEqualTo(201);
        String second = secondDeclared.json().path("incidentId").asText();
        String otherClass = incidents.declare("SOURCE_OUTAGE", scope, Incidents.NOTHING_WRONG).path("incidentId").asText();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode flagged = expectOk(ledger.get("/incidents/" + second, LedgerClient.ALICE_OPERATOR));
            assertThat(texts(flagged.path("recurrenceOf"))).containsExactly(first);
            assertThat(itemIds(flagged)).contains("RECURRENCE_REVIEW");
        });
        JsonNode original = expectOk(ledger.get("/incidents/" + first, LedgerClient.ALICE_OPERATOR));
        assertThat(original.path("recurrenceOf")).isEmpty();
        JsonNode unrelated = expectOk(ledger.get("/incidents/" + otherClass, LedgerClient.ALICE_OPERATOR));
        assertThat(unrelated.path("recurrenceOf")).isEmpty();
        JsonNode timeline = expectOk(ledger.get("/incidents/" + second + "/timeline", LedgerClient.ALICE_OPERATOR));
        JsonNode flag = null;
        for (JsonNode entry : timeline.path("entries")) {
            if (entry.path("eventType").asText().equals("RecurrenceFlagged")) {
                flag = entry;
            }
        }
        assertThat(flag).isNotNull();
        assertThat(flag.path("actor").asText()).isEqualTo("ledger:recurrence-policy");
    }

    @Test
    void aWriteIsVisibleToTheNextRead() {
        String id = incidents.declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        for (int i = 0; i < 5; i++) {
            expectOk(ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR,
                    Map.of("field", "OBSERVED_FAILURE_MODE", "observation", "observation " + i)));
            JsonNode read = expectOk(ledger.get("/incidents/" + id, LedgerClient.AUDREY_AUDITOR));
            assertThat(read.path("observedFailureModes")).hasSize(i + 2);
        }
        LedgerClient.Response listed = ledger.get("/incidents?status=OPEN&limit=1000", LedgerClient.AUDREY_AUDITOR);
        assertThat(texts(listed.json(), "incidentId")).contains(id);
    }

    /**
     * A command answers with the incident as that command left it, folded by the write side: with the
     * incident view stopped it still answers 200 at once with its own write, where waiting for the view
     * would hold it for the whole read-your-writes timeout and then answer 202. The next read still sees it.
     */
    @Test
    void aCommandAnswersWithItsOwnWriteWithoutWaitingForTheView() {
        JsonNode declared = incidents.declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        String id = declared.path("incidentId").asText();
        StreamingEventProcessor view = processing.eventProcessorByProcessingGroup(IncidentViewProjector.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        view.shutDown();
        try {
            long started = System.nanoTime();
            LedgerClient.Response answer = ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR,
                    Map.of("field", "CONTAINMENT_ACTION", "action", "publishing paused while the view is stopped"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(texts(answer.json().path("containmentActions"), "text"))
                    .containsExactly("publishing paused while the view is stopped");
            long version = answer.json().path("version").asLong();
            assertThat(version).isGreaterThan(declared.path("version").asLong());
            assertThat(answer.header("ETag")).isEqualTo("\"" + version + "\"");
            assertThat(took).as("the answer waited for the stopped view").isLessThan(Duration.ofSeconds(5));
        } finally {
            view.start();
        }
        JsonNode read = expectOk(ledger.get("/incidents/" + id, LedgerClient.AUDREY_AUDITOR));
        assertThat(texts(read.path("containmentActions"), "text")).containsExactly("publishing paused while the view is stopped");
    }

    private boolean onBoard(String incidentId) {
        JsonNode board = expectOk(ledger.get("/board", LedgerClient.AUDREY_AUDITOR));
        for (JsonNode scope : board.path("scopes")) {
            for (JsonNode incident : scope.path("incidents")) {
                if (incident.path("incidentId").asText().equals(incidentId)) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> itemIds(JsonNode incident) {
        List<String> ids = new ArrayList<>();
        incident.path("checklist").forEach(entry -> ids.add(entry.path("item").path("itemId").asText()));
        return ids;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }
}
