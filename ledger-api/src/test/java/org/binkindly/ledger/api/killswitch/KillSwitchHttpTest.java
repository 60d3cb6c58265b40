package org.binkindly.ledger.api.killswitch;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.ManualRebinds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

class KillSwitchHttpTest extends LedgerHttpTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;

    @Test
    void anAiKillSwitchIsEvidencedAndReleasedOnlyOnceItsReEnableConditionIsMet() {
        String scope = Incidents.freshScope();
        String incidentId = new Incidents(ledger).declare("AI_LANE_INSTABILITY", scope, Incidents.NOTHING_WRONG)
                .path("incidentId").asText();

        LedgerClient.Response activated = ledger.post("/kill-switches", OPERATOR, Map.of(
                "kind", "AI_LANE", "scope", scope, "reason", "malformed AI output spiked to 14%", "incidentId", incidentId));
        assertThat(activated.status()).as(activated.toString()).isEqualTo(201);
        String path = activated.header("Location");
        JsonNode view = activated.json();
        assertThat(path).isEqualTo("/kill-switches/" + view.path("killSwitchId").asText());
        assertThat(view.path("active").asBoolean()).isTrue();
        assertThat(view.path("graduationFrozen").asBoolean()).isTrue();
        assertThat(view.path("activated").path("actor").asText()).isEqualTo("alice");

        expectOk(ledger.post(path + "/lane-changes", OPERATOR, Map.of("change", "DISABLED", "detail", "sorter_mode=deterministic")));
        expectOk(ledger.post(path + "/silent-degrade-checks", OPERATOR,
                Map.of("evidence", "deterministic sorter answers for all sampled localities")));
        expectOk(ledger.post(path + "/validations", OPERATOR, Map.of("results", List.of(
                Map.of("locality", "se-stockholm", "outcome", "PASSED"),
                Map.of("locality", "se-malmo", "outcome", "PASSED", "note", "slower but correct")))));
        expectOk(ledger.post(path + "/policy-states", OPERATOR, Map.of("sorterMode", "deterministic",
                "riskState", "elevated", "allowedErrorCodes", List.of("E_TIMEOUT"), "graduationCounters", Map.of("se", 3))));

        LedgerClient.Response early = ledger.post(path + "/release", OPERATOR, Map.of("reason", "looks fine"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("KILL_SWITCH_RELEASE_NOT_EARNED");
        assertThat(texts(early.json().path("missing"))).containsExactly("CLEAN_SCHEDULED_RUN", "ROLLBACK_CONFIDENCE");

        expectOk(ledger.post(path + "/clean-runs", OPERATOR, Map.of("runReference", "nightly-2026-11-27",
                "evidence", "scheduled publish passed every gate")));
        LedgerClient.Response stillEarly = ledger.post(path + "/release", OPERATOR, Map.of("reason", "one clean run"));
        assertThat(texts(stillEarly.json().path("missing"))).containsExactly("ROLLBACK_CONFIDENCE");

        // free text is a claim, not proof: rollback confidence names a verified rebind of the switch's scope
        LedgerClient.Response claimOnly = ledger.post(path + "/rollback-confidence", OPERATOR,
                Map.of("evidence", "rollback drill met the objective yesterday"));
        assertThat(claimOnly.status()).as(claimOnly.toString()).isEqualTo(400);
        assertThat(claimOnly.json().toString()).contains("rebindReference");
        String rebindId = ManualRebinds.verified(ledger, OPERATOR, scope);
        JsonNode confident = expectOk(ledger.post(path + "/rollback-confidence", OPERATOR,
                Map.of("evidence", "rollback drill met the objective yesterday", "rebindReference", rebindId)));
        assertThat(confident.path("releasable").asBoolean()).isTrue();
        JsonNode released = expectOk(ledger.post(path + "/release", OPERATOR, Map.of("reason", "clean evidence and rollback confidence")));
        assertThat(released.path("active").asBoolean()).isFalse();
        assertThat(released.path("validations").get(0).path("results")).hasSize(2);

        JsonNode activeForScope = expectOk(ledger.get("/kill-switches?scope=" + scope + "&active=true", OPERATOR));
        assertThat(activeForScope).isEmpty();
        JsonNode allForScope = expectOk(ledger.get("/kill-switches?scope=" + scope, LedgerClient.AUDREY_AUDITOR));
        assertThat(allForScope).hasSize(1);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode incident = expectOk(ledger.get("/incidents/" + incidentId, OPERATOR));
            JsonNode interventions = incident.path("interventions");
            assertThat(interventions).hasSize(1);
            assertThat(interventions.get(0).path("kind").asText()).isEqualTo("KILL_SWITCH");
            assertThat(interventions.get(0).path("reference").asText()).isEqualTo(view.path("killSwitchId").asText());
            assertThat(interventions.get(0).path("provenance").path("actor").asText()).isEqualTo("ledger:kill-switch-link");
        });
    }

    @Test
    void anAiLaneIncidentClosesOnlyOnceItsLinkedKillSwitchWasReleased() {
        String scope = Incidents.freshScope();
        Incidents incidents = new Incidents(ledger);
        String incidentId = incidents.declare("AI_LANE_INSTABILITY", scope, Incidents.NOTHING_WRONG).path("incidentId").asText();
        String path = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "AI_LANE", "scope", scope,
                "reason", "malformed AI output spiked", "incidentId", incidentId)).header("Location");
        String killSwitchId = path.substring(path.lastIndexOf('/') + 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(texts(expectOk(ledger.get("/incidents/" + incidentId, OPERATOR)).path("missingForClosure")))
                        .contains("KILL_SWITCH/RELEASED/" + killSwitchId));
        incidents.evidenceEverything(incidentId);

        // every runbook step ticked and the closure condition stated in free text: the active switch still refuses closure
        LedgerClient.Response refused = ledger.post("/incidents/" + incidentId + "/closure", LedgerClient.OLIVIA_OWNER,
                Map.of("postIncidentRecord", "lane looks fine"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("INCIDENT_NOT_CLOSABLE");
        assertThat(texts(refused.json().path("missing"))).containsExactly("KILL_SWITCH/RELEASED/" + killSwitchId);

        expectOk(ledger.post(path + "/clean-runs", OPERATOR, Map.of("runReference", "nightly-1", "evidence", "clean")));
        String rebindId = ManualRebinds.verified(ledger, OPERATOR, scope);
        expectOk(ledger.post(path + "/rollback-confidence", OPERATOR, Map.of("evidence", "drill met the objective",
                "rebindReference", rebindId)));
        expectOk(ledger.post(path + "/release", OPERATOR, Map.of("reason", "clean evidence and rollback confidence")));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            LedgerClient.Response closed = ledger.post("/incidents/" + incidentId + "/closure", LedgerClient.OLIVIA_OWNER,
                    Map.of("postIncidentRecord", "lane re-enabled after clean scheduled evidence"));
            assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        });
    }

    @Test
    void aRebindOrKillSwitchIsNeverLinkedToAnotherScopesIncident() {
        String scope = Incidents.freshScope();
        String otherScope = Incidents.freshScope();
        String incidentId = new Incidents(ledger).declare("BAD_PUBLISH", scope, Incidents.NOTHING_WRONG).path("incidentId").asText();

        LedgerClient.Response killSwitch = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", otherScope,
                "reason", "wrong pack live", "incidentId", incidentId));
        assertThat(killSwitch.status()).as(killSwitch.toString()).isEqualTo(409);
        assertThat(killSwitch.code()).isEqualTo("LINK_ACROSS_SCOPES");
        assertThat(killSwitch.json().path("detail").asText()).contains(otherScope).contains(scope);
        LedgerClient.Response rebind = ledger.post("/rebinds", OPERATOR, Map.of("scope", otherScope, "incidentId", incidentId,
                "mode", "MANUAL"));
        assertThat(rebind.status()).as(rebind.toString()).isEqualTo(409);
        assertThat(rebind.code()).isEqualTo("LINK_ACROSS_SCOPES");
        assertThat(expectOk(ledger.get("/kill-switches?scope=" + otherScope, OPERATOR))).as("nothing was written").isEmpty();
        assertThat(expectOk(ledger.get("/rebinds?scope=" + otherScope, OPERATOR))).as("nothing was written").isEmpty();

        String otherSwitch = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", otherScope,
                "reason", "wrong pack live there")).json().path("killSwitchId").asText();
        LedgerClient.Response evidence = ledger.post("/incidents/" + incidentId + "/evidence", OPERATOR, Map.of(
                "field", "ROLLBACK_OR_KILL_SWITCH_ACTION", "kind", "KILL_SWITCH", "reference", otherSwitch, "outcome", "contained"));
        assertThat(evidence.status()).as(evidence.toString()).isEqualTo(409);
        assertThat(evidence.code()).isEqualTo("LINK_ACROSS_SCOPES");
        assertThat(expectOk(ledger.get("/incidents/" + incidentId, OPERATOR)).path("interventions")).isEmpty();

        LedgerClient.Response sameScope = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope,
                "reason", "wrong pack live", "incidentId", incidentId));
        assertThat(sameScope.status()).as(sameScope.toString()).isEqualTo(201);
    }

    @Test
    void aBadPackSwitchHasNoLaneAndADrillIsFlagged() {
        LedgerClient.Response activated = ledger.post("/kill-switches", OPERATOR, Map.of(
                "kind", "BAD_PACK", "scope", Incidents.freshScope(), "reason", "drill: wrong pack went live", "drill", true));
        assertThat(activated.status()).isEqualTo(201);
        assertThat(activated.json().path("drill").asBoolean()).isTrue();
        LedgerClient.Response lane = ledger.post(activated.header("Location") + "/lane-changes", OPERATOR,
                Map.of("change", "NARROWED", "detail", "n/a"));
        assertThat(lane.status()).isEqualTo(409);
        assertThat(lane.code()).isEqualTo("LANE_CHANGE_ONLY_FOR_AI_LANE");
    }

    @Test
    void badRequestsAreProblems() {
        LedgerClient.Response auditor = ledger.post("/kill-switches", LedgerClient.AUDREY_AUDITOR, Map.of(
                "kind", "AI_LANE", "scope", Incidents.freshScope(), "reason", "not allowed"));
        assertThat(auditor.status()).isEqualTo(403);
        LedgerClient.Response unknownIncident = ledger.post("/kill-switches", OPERATOR, Map.of(
                "kind", "AI_LANE", "scope", Incidents.freshScope(), "reason", "x", "incidentId", "inc-000000000000"));
        assertThat(unknownIncident.status()).isEqualTo(404);
        assertThat(unknownIncident.code()).isEqualTo("INCIDENT_NOT_FOUND");
        LedgerClient.Response unknownKind = ledger.post("/kill-switches", OPERATOR, Map.of(
                "kind", "EVERYTHING", "scope", Incidents.freshScope(), "reason", "x"));
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.code()).isEqualTo("INVALID_VALUE");
        assertThat(ledger.get("/kill-switches/ks-000000000000", OPERATOR).code()).isEqualTo("KILL_SWITCH_NOT_FOUND");

        String path = ledger.post("/kill-switches", OPERATOR, Map.of(
                "kind", "AI_LANE", "scope", Incidents.freshScope(), "reason", "x")).header("Location");
        LedgerClient.Response badLocality = ledger.post(path + "/validations", OPERATOR,
                Map.of("results", List.of(Map.of("locality", "Not A Locality", "outcome", "PASSED"))));
        assertThat(badLocality.status()).isEqualTo(400);
        assertThat(badLocality.code()).isEqualTo("INVALID_LOCALITY");
        LedgerClient.Response noLocalities = ledger.post(path + "/validations", OPERATOR, Map.of("results", List.of()));
        assertThat(noLocalities.code()).isEqualTo("VALIDATION_FAILED");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
