package org.binkindly.ledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks incidents through the runbook over HTTP, the way an on-call operator and an incident owner would. */
public final class Incidents {

    /** Every impact fact stated NO: a SEV3 with nothing unknown. */
    public static final Map<String, String> NOTHING_WRONG = Map.of(
            "ACTIVE_TRUTH_WRONG_FOR_USERS", "NO", "ROLLBACK_PATH_FAILING", "NO",
            "MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE", "NO", "REFRESH_PIPELINE_DEGRADED", "NO",
            "CRITICAL_SCOPE_STALE_PACK_BREACH", "NO", "FALLBACK_PATH_SPIKING", "NO",
            "NON_CRITICAL_SCOPE_DEGRADED", "NO", "EARLY_WARNING_THRESHOLD_CROSSED", "NO");

    private final LedgerClient ledger;

    public Incidents(LedgerClient ledger) {
        this.ledger = ledger;
    }

    /** A scope no other test uses, so asynchronous policies (recurrence) cannot cross tests. */
    public static String freshScope() {
        return "locality/t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static Map<String, Object> declaration(String incidentClass, String scope, Map<String, String> impact) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incidentClass", incidentClass);
        body.put("scope", scope);
        body.put("impact", impact);
        body.put("trigger", Map.of("kind", "MANUAL", "detail", "on-call saw it in the publish dashboard"));
        body.put("observedFailureMode", "candidate pack rejected at the verifier gate");
        return body;
    }

    public JsonNode declare(String incidentClass, String scope, Map<String, String> impact) {
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                declaration(incidentClass, scope, impact));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        return declared.json();
    }

    /** Records all nine evidence fields and resolves every checklist item, as the runbook demands. */
    public JsonNode evidenceEverything(String incidentId) {
        String path = "/incidents/" + incidentId;
        expectOk(ledger.put(path + "/roles/ON_CALL_OPERATOR", LedgerClient.ALICE_OPERATOR));
        expectOk(ledger.put(path + "/roles/INCIDENT_OWNER", LedgerClient.OLIVIA_OWNER));
        expectOk(ledger.post(path + "/evidence", LedgerClient.ALICE_OPERATOR, Map.of(
                "field", "CONTAINMENT_ACTION", "action", "paused promotion for the scope")));
        expectOk(ledger.post(path + "/evidence", LedgerClient.ALICE_OPERATOR, Map.of(
                "field", "ROLLBACK_OR_KILL_SWITCH_ACTION", "kind", "NONE_USED",
                "outcome", "last known good stayed active; nothing to roll back")));
        expectOk(ledger.post(path + "/evidence", LedgerClient.ALICE_OPERATOR, Map.of(
                "field", "VERIFICATION_RESULT", "outcome", "PASSED", "details", "resolver serves the LKG manifest")));
        expectOk(ledger.post(path + "/evidence", LedgerClient.ALICE_OPERATOR, Map.of(
                "field", "FOLLOW_UP_REQUIREMENT", "requirement", "add a canary for the verifier gate")));
        JsonNode incident = expectOk(ledger.get(path, LedgerClient.ALICE_OPERATOR));
        if (incident.path("incidentClass").asText().equals("BAD_PUBLISH")) {
            recordManualRebind(incidentId, incident.path("scope").asText());
        }
        for (JsonNode entry : incident.path("checklist")) {
            if (entry.path("status").asText().equals("OPEN")) {
                incident = expectOk(ledger.post(path + "/checklist/" + entry.path("item").path("itemId").asText() + "/completion",
                        LedgerClient.ALICE_OPERATOR, Map.of("evidence", "done: " + entry.path("item").path("text").asText())));
            }
        }
        return incident;
    }

    /**
     * A bad publish closes only after a verified rebind: here one done with another tool and
     * recorded step by step (MANUAL mode), then linked to the incident by the ledger.
     */
    public JsonNode recordManualRebind(String incidentId, String scope) {
        LedgerClient.Response started = ledger.post("/rebinds", LedgerClient.ALICE_OPERATOR, Map.of(
                "scope", scope, "incidentId", incidentId, "mode", "MANUAL"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String path = started.header("Location");
        String manifestSha = "ab".repeat(32);
        String packSha = "cd".repeat(32);
        Map<String, Object> lkg = Map.of("manifestId", "lkg-1", "scope", scope, "packKey", "packs/" + scope + "/p1.json",
                "packSha256", packSha, "publishedAt", "2026-11-01T06:00:00Z", "manifestSha256", manifestSha,
                "etag", "\"lkg-etag\"");
        expectOk(ledger.post(path + "/manifest-probe", LedgerClient.ALICE_OPERATOR, Map.of("target", lkg)));
        expectOk(ledger.post(path + "/active-write", LedgerClient.ALICE_OPERATOR,
                Map.of("result", "WRITTEN", "etag", "\"written-etag\"")));
        expectOk(ledger.post(path + "/integrity-readback", LedgerClient.ALICE_OPERATOR, Map.of(
                "manifestSha256", manifestSha, "declaredPackSha256", packSha, "packSha256Actual", packSha, "packBytes", 1024)));
        JsonNode completed = expectOk(ledger.post(path + "/resolution-probes", LedgerClient.ALICE_OPERATOR, Map.of("probes",
                java.util.List.of(Map.of("target", "RESOLVER", "url", "https://resolver.example/" + scope, "status", 200,
                        "latencyMillis", 35, "passed", true)))));
        assertThat(completed.path("rebind").path("phase").asText()).isEqualTo("COMPLETED");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(expectOk(ledger.get("/incidents/" + incidentId, LedgerClient.ALICE_OPERATOR))
                        .path("rebinds").path(0).path("outcome").asText()).isEqualTo("VERIFIED"));
        return completed;
    }

    public static JsonNode expectOk(LedgerClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
