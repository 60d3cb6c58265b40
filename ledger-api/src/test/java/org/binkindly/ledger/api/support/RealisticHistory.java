package org.binkindly.ledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * A history like a week on call, made over HTTP: a publish failure worked to closure, a bad
 * publish contained by a bad-pack kill switch and an automatic rebind of the embedded sample scope
 * (real storage writes and probes), an AI-lane kill switch evidenced and released, a recurring
 * source outage, and a rollback drill. Every policy of the ledger acts in it at least once.
 */
public record RealisticHistory(String closedIncident, String badPublishIncident, String badPackKillSwitch, String rebind,
                               String aiIncident, String aiKillSwitch, String firstOutage, String recurringOutage,
                               String drillRebind, String sampleScope, String aiScope, String outageScope) {

    public static final String SAMPLE_SCOPE = "locality/sample-town";
    public static final List<String> VALIDATION_LOCALITIES = List.of("se-stockholm", "se-malmo");

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;
    private static final String OWNER = LedgerClient.OLIVIA_OWNER;

    public static RealisticHistory create(LedgerClient ledger) {
        Incidents incidents = new Incidents(ledger);

        String closed = incidents.declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        incidents.evidenceEverything(closed);
        expectOk(ledger.post("/incidents/" + closed + "/closure", OWNER, Map.of("postIncidentRecord", "gate held; publish passed again")));

        String badPublish = incidents.declare("BAD_PUBLISH", SAMPLE_SCOPE, Map.of("ACTIVE_TRUTH_WRONG_FOR_USERS", "YES"))
                .path("incidentId").asText();
        expectOk(ledger.post("/incidents/" + badPublish + "/evidence", OPERATOR, Map.of(
                "field", "CONTAINMENT_ACTION", "action", "bad-pack kill switch and rebind to last known good")));
        String badPackSwitch = created(ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", SAMPLE_SCOPE,
                "reason", "v2 pack has no collection days", "incidentId", badPublish)), "killSwitchId");
        String rebind = created(ledger.post("/rebinds", OPERATOR, Map.of("scope", SAMPLE_SCOPE, "incidentId", badPublish)), "rebind");
        awaitCompleted(ledger, rebind);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(expectOk(ledger.get("/incidents/" + badPublish, OPERATOR))
                .path("rebinds").path(0).path("outcome").asText()).isEqualTo("VERIFIED"));

        String aiScope = Incidents.freshScope();
        String ai = incidents.declare("AI_LANE_INSTABILITY", aiScope, Incidents.NOTHING_WRONG).path("incidentId").asText();
        String aiSwitch = created(ledger.post("/kill-switches", OPERATOR, Map.of("kind", "AI_LANE", "scope", aiScope,
                "reason", "malformed AI output spiked to 14%", "incidentId", ai)), "killSwitchId");
        String switchPath = "/kill-switches/" + aiSwitch;
        expectOk(ledger.post(switchPath + "/lane-changes", OPERATOR, Map.of("change", "DISABLED", "detail", "sorter_mode=deterministic")));
        expectOk(ledger.post(switchPath + "/silent-degrade-checks", OPERATOR,
                Map.of("evidence", "deterministic sorter answers for all sampled localities")));
        expectOk(ledger.post(switchPath + "/validations", OPERATOR, Map.of("results", List.of(
                Map.of("locality", "se-stockholm", "outcome", "PASSED"),
                Map.of("locality", "se-malmo", "outcome", "PASSED", "note", "slower but correct")))));
        expectOk(ledger.post(switchPath + "/clean-runs", OPERATOR, Map.of("runReference", "nightly-1",
                "evidence", "scheduled publish passed every gate")));
        // rollback confidence is a verified rebind of the switch's own scope, walked by hand here
        String aiRebind = ManualRebinds.verified(ledger, OPERATOR, aiScope);
        expectOk(ledger.post(switchPath + "/rollback-confidence", OPERATOR, Map.of("evidence", "rebind " + aiRebind + " verified",
                "rebindReference", aiRebind)));
        expectOk(ledger.post(switchPath + "/release", OPERATOR, Map.of("reason", "clean evidence and rollback confidence")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(expectOk(ledger.get("/incidents/" + ai, OPERATOR))
                .path("interventions")).hasSize(1));

        String outageScope = Incidents.freshScope();
        String firstOutage = incidents.declare("SOURCE_OUTAGE", outageScope, Incidents.NOTHING_WRONG).path("incidentId").asText();
        // the first is still open: a second one of the same class and scope is declared with the operator's reason
        Map<String, Object> separate = Incidents.declaration("SOURCE_OUTAGE", outageScope, Incidents.NOTHING_WRONG);
        separate.put("separateBecause", "a second upstream source is down for another reason");
        LedgerClient.Response recurringDeclared = ledger.post("/incidents", OPERATOR, separate);
        assertThat(recurringDeclared.status()).as(recurringDeclared.toString()).isEqualTo(201);
        String recurring = recurringDeclared.json().path("incidentId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(expectOk(ledger.get("/incidents/" + recurring, OPERATOR))
                .path("recurrenceOf").path(0).asText()).isEqualTo(firstOutage));

        String drill = created(ledger.post("/rebinds", OPERATOR, Map.of("scope", SAMPLE_SCOPE, "drill", true)), "rebind");
        awaitCompleted(ledger, drill);

        return new RealisticHistory(closed, badPublish, badPackSwitch, rebind, ai, aiSwitch, firstOutage, recurring, drill,
                SAMPLE_SCOPE, aiScope, outageScope);
    }

    private static void awaitCompleted(LedgerClient ledger, String rebindId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(expectOk(ledger.get("/rebinds/" + rebindId, OPERATOR))
                .path("rebind").path("phase").asText()).as("rebind %s", rebindId).isEqualTo("COMPLETED"));
    }

    private static String created(LedgerClient.Response response, String idField) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode body = response.json();
        return idField.equals("rebind") ? body.path("rebind").path("rebindId").asText() : body.path(idField).asText();
    }
}
