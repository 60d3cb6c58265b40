package org.binkindly.ledger.api.launch;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.ObjectStorePublisher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.AlertmanagerPayloads.delivery;
import static org.binkindly.ledger.api.support.AlertmanagerPayloads.firing;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * A scope goes from blocked by every no-go rule to clear, one rule at a time, as its evidence
 * arrives through the ledger's own paths: a rollback drill, kill-switch drills, the stale-pack
 * watch reading real storage, a publish-blocked drill alert through Alertmanager intake, and a
 * launch-day validation; then a launch and an expansion complete.
 */
class NoGoGateHttpTest extends LedgerHttpTest {

    private static final String SCOPE = "locality/gate-town";
    private static final String BASE = "/scopes/" + SCOPE;
    private static final String BUILD = "2.4.0+311";
    private static final String LAUNCH = BASE + "/launches/" + BUILD;
    private static final String RITA = LedgerClient.RITA_RELEASE;
    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;

    @Autowired
    private EmbeddedObjectStore objectStore;

    @Test
    void theGateBlocksAndThenClearsTheScopeAsItsEvidenceArrives() {
        assertThat(blocking()).containsExactly("ROLLBACK_OBJECTIVE_PROVEN", "KILL_SWITCHES_DEFINED_AND_DRILLED",
                "STALE_PACK_ALERTING_PRESENT", "PUBLISH_FAILURES_ROUTED", "SCOPE_VALIDATED_IN_PRODUCTION");
        LedgerClient.Response refused = ledger.post(BASE + "/expansions", RITA, Map.of("description", "add gate-village"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.code()).isEqualTo("EXPANSION_BLOCKED");
        assertThat(texts(refused.json().path("missing"))).hasSize(5);
        // before any evidence, a completion and a sign-off say what blocks, and record nothing
        LedgerClient.Response tooEarly = ledger.post(LAUNCH + "/completion", RITA, Map.of());
        assertThat(tooEarly.status()).as(tooEarly.toString()).isEqualTo(409);
        assertThat(tooEarly.code()).isEqualTo("LAUNCH_BLOCKED");
        assertThat(texts(tooEarly.json().path("missing"))).contains("SCOPE_VALIDATED_IN_PRODUCTION");
        LedgerClient.Response signedTooEarly = ledger.post(LAUNCH + "/sign-offs/QA", RITA, Map.of());
        assertThat(signedTooEarly.status()).as(signedTooEarly.toString()).isEqualTo(409);
        assertThat(signedTooEarly.code()).isEqualTo("LAUNCH_EVIDENCE_INCOMPLETE");
        assertThat(texts(signedTooEarly.json().path("missing"))).containsExactly("EVIDENCE/PRODUCTION_CONFIG",
                "EVIDENCE/FIRST_PUBLISH", "EVIDENCE/LIVE_APP_FETCH", "EVIDENCE/BUILD_CHECKSUM");
        assertThat(ledger.get(LAUNCH, OPERATOR).code()).isEqualTo("LAUNCH_NOT_FOUND");
        assertThat(expectOk(ledger.get(BASE + "/launches", OPERATOR))).isEmpty();

        rollbackDrill();
        assertThat(blocking()).doesNotContain("ROLLBACK_OBJECTIVE_PROVEN").hasSize(4);

        for (String kind : List.of("AI_LANE", "BAD_PACK")) {
            assertThat(ledger.post("/kill-switches", OPERATOR, Map.of("kind", kind, "scope", SCOPE,
                    "reason", "pre-launch drill", "drill", true)).status()).isEqualTo(201);
        }
        assertThat(blocking()).doesNotContain("KILL_SWITCHES_DEFINED_AND_DRILLED").hasSize(3);

        // the watch covers the scope and a real breach comes through intake; then a fresh publish
        ObjectStorePublisher publisher = new ObjectStorePublisher(objectStore);
        publisher.publish(SCOPE, "gate-town-v1", Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        expectOk(ledger.post("/stale-pack/checks", OPERATOR, Map.of()));
        // the breach opened a SEV2 STALE_PACK incident: while it is open, it halts expansion
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(blocking())
                .doesNotContain("STALE_PACK_ALERTING_PRESENT").contains("NO_OPEN_INCIDENT_HALTS_EXPANSION").hasSize(3));
        JsonNode stalePackIncidents = expectOk(ledger.get("/incidents?scope=" + SCOPE, OPERATOR));
        assertThat(stalePackIncidents).hasSize(1);
        String stalePackIncident = stalePackIncidents.get(0).path("incidentId").asText();
        publisher.publish(SCOPE, "gate-town-v2", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        expectOk(ledger.post("/stale-pack/checks", OPERATOR, Map.of()));

        Map<String, Object> drillAlert = firing("PublishBlocked", SCOPE, "d1d1d1d1d1d1d1d1", Instant.now().minusSeconds(30));
        @SuppressWarnings("unchecked") Map<String, String> labels = (Map<String, String>) drillAlert.get("labels");
        labels.put("drill", "true");
        JsonNode routed = expectOk(ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER, delivery(0, drillAlert)));
        assertThat(routed.path("drills").asInt()).isEqualTo(1);
        assertThat(blocking()).containsExactly("SCOPE_VALIDATED_IN_PRODUCTION", "NO_OPEN_INCIDENT_HALTS_EXPANSION");

        validateLaunchDay();
        LedgerClient.Response halted = ledger.post(LAUNCH + "/completion", RITA, Map.of());
        assertThat(halted.status()).as(halted.toString()).isEqualTo(409);
        assertThat(halted.code()).isEqualTo("LAUNCH_BLOCKED");
        assertThat(texts(halted.json().path("missing"))).containsExactly("NO_OPEN_INCIDENT_HALTS_EXPANSION");
        LedgerClient.Response haltedExpansion = ledger.post(BASE + "/expansions", RITA, Map.of("description", "add gate-village"));
        assertThat(haltedExpansion.code()).isEqualTo("EXPANSION_BLOCKED");
        assertThat(texts(haltedExpansion.json().path("missing"))).containsExactly("NO_OPEN_INCIDENT_HALTS_EXPANSION");
        assertThat(haltRule(BASE).path("missing").toString()).contains(stalePackIncident).contains("SEV2 STALE_PACK");

        new Incidents(ledger).evidenceEverything(stalePackIncident);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ledger.post("/incidents/" + stalePackIncident
                + "/closure", LedgerClient.OLIVIA_OWNER, Map.of("postIncidentRecord", "fresh pack published; the watch saw it fresh again"))
                .status()).isEqualTo(200));
        JsonNode gate = expectOk(ledger.get(BASE + "/no-go-gate?appBuild=" + java.net.URLEncoder.encode(BUILD, java.nio.charset.StandardCharsets.UTF_8), LedgerClient.AUDREY_AUDITOR));
        assertThat(gate.path("clear").asBoolean()).as(gate.toString()).isTrue();
        assertThat(gate.path("findings")).hasSize(6);
        gate.path("findings").forEach(finding -> assertThat(finding.path("evidence")).isNotEmpty());

        JsonNode launched = expectOk(ledger.post(LAUNCH + "/completion", RITA, Map.of()));
        assertThat(launched.path("completed").asBoolean()).isTrue();
        assertThat(launched.path("completionFindings")).hasSize(6);
        LedgerClient.Response expanded = ledger.post(BASE + "/expansions", RITA, Map.of("description", "add gate-village"));
        assertThat(expanded.status()).as(expanded.toString()).isEqualTo(201);
        assertThat(expanded.json().path("expansionId").asText()).startsWith("exp-");
        // the findings the expansion was completed on: the gate's own, not the caller's
        assertThat(expanded.json().path("findings")).hasSize(6);
        expanded.json().path("findings").forEach(finding -> assertThat(finding.path("passed").asBoolean()).isTrue());

        // the scope's launches and expansions are listed
        JsonNode launches = expectOk(ledger.get(BASE + "/launches", LedgerClient.AUDREY_AUDITOR));
        assertThat(launches).hasSize(1);
        assertThat(launches.get(0).path("appBuild").asText()).isEqualTo(BUILD);
        assertThat(launches.get(0).path("completed").asBoolean()).isTrue();
        JsonNode expansions = expectOk(ledger.get(BASE + "/expansions", LedgerClient.AUDREY_AUDITOR));
        assertThat(expansions).hasSize(1);
        assertThat(expansions.get(0).path("expansionId").asText()).isEqualTo(expanded.json().path("expansionId").asText());
        assertThat(expansions.get(0).path("description").asText()).isEqualTo("add gate-village");
        assertThat(expansions.get(0).path("completedBy").asText()).isEqualTo("rita");
        assertThat(expansions.get(0).path("findings")).hasSize(6);
        assertThat(expectOk(ledger.get("/scopes/locality/elsewhere-town/expansions", OPERATOR))).isEmpty();
    }

    @Test
    void anOpenSev1OrSev2IncidentOnTheScopeOrItsCountryHaltsExpansionAndNamesTheIncident() {
        String country = "c" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String locality = "/scopes/locality/" + country + "-town";
        String neighbour = "/scopes/locality/n" + country + "-town";
        Incidents incidents = new Incidents(ledger);
        Map<String, String> sev2 = new java.util.HashMap<>(Incidents.NOTHING_WRONG);
        sev2.put("CRITICAL_SCOPE_STALE_PACK_BREACH", "YES");
        JsonNode countryIncident = incidents.declare("STALE_PACK", "country/" + country, sev2);
        assertThat(countryIncident.path("severity").asText()).isEqualTo("SEV2");
        String id = countryIncident.path("incidentId").asText();
        incidents.declare("FALLBACK_SPIKE", "locality/" + country + "-town", Incidents.NOTHING_WRONG); // SEV3: no halt

        JsonNode halt = haltRule(locality);
        assertThat(halt.path("passed").asBoolean()).isFalse();
        assertThat(texts(halt.path("missing"))).singleElement().asString().contains(id).contains("country/" + country)
                .contains("SEV2 STALE_PACK");
        LedgerClient.Response refused = ledger.post(locality + "/expansions", RITA, Map.of("description", "more streets"));
        assertThat(refused.code()).isEqualTo("EXPANSION_BLOCKED");
        assertThat(texts(refused.json().path("missing"))).contains("NO_OPEN_INCIDENT_HALTS_EXPANSION");
        assertThat(haltRule(neighbour).path("passed").asBoolean()).as("another country's locality").isTrue();

        expectOk(ledger.put("/incidents/" + id + "/roles/INCIDENT_OWNER", LedgerClient.OLIVIA_OWNER));
        expectOk(ledger.post("/incidents/" + id + "/downgrades", LedgerClient.OLIVIA_OWNER,
                Map.of("severity", "SEV3", "reason", "only a non-critical scope of the country is stale")));
        assertThat(haltRule(locality).path("passed").asBoolean()).as("a SEV3 does not halt expansion").isTrue();
    }

    private JsonNode haltRule(String base) {
        for (JsonNode finding : expectOk(ledger.get(base + "/no-go-gate", OPERATOR)).path("findings")) {
            if (finding.path("rule").asText().equals("NO_OPEN_INCIDENT_HALTS_EXPANSION")) {
                return finding;
            }
        }
        throw new AssertionError("the gate lists no NO_OPEN_INCIDENT_HALTS_EXPANSION rule");
    }

    @Test
    void launchDayEvidenceIsCheckedAndOnlyReleaseOwnersRecordIt() {
        String launch = "/scopes/locality/nowhere-town/launches/1.0.0";
        LedgerClient.Response early = ledger.post(launch + "/build-checksum", RITA,
                Map.of("artifact", "app.ipa", "sha256", "ab".repeat(32)));
        assertThat(early.status()).isEqualTo(200);
        LedgerClient.Response signOff = ledger.post(launch + "/sign-offs/QA", RITA, Map.of());
        assertThat(signOff.status()).isEqualTo(409);
        assertThat(texts(signOff.json().path("missing")))
                .containsExactly("EVIDENCE/PRODUCTION_CONFIG", "EVIDENCE/FIRST_PUBLISH", "EVIDENCE/LIVE_APP_FETCH");

        JsonNode noPublish = expectOk(ledger.post(launch + "/first-publish", RITA, Map.of()));
        assertThat(noPublish.path("firstPublish").path("passed").asBoolean()).isFalse();
        assertThat(noPublish.path("firstPublish").path("detail").asText()).contains("no active manifest");

        LedgerClient.Response secretValue = ledger.post(launch + "/production-config", RITA, Map.of(
                "apiEndpoints", List.of("https://api"), "authKeys", Map.of("RESOLVER_API_KEY", "sk-live-123"),
                "environmentFlags", Map.of("ENV", "production")));
        assertThat(secretValue.status()).isEqualTo(400);
        assertThat(secretValue.code()).isEqualTo("INVALID_VALUE");

        assertThat(ledger.post(launch + "/production-config", OPERATOR, Map.of()).status()).isEqualTo(403);
        assertThat(ledger.post("/scopes/locality/nowhere-town/launches/has%20space/completion", RITA, Map.of()).status())
                .isEqualTo(400);
        LedgerClient.Response badChecksum = ledger.post(launch + "/build-checksum", RITA, Map.of("artifact", "a", "sha256", "xyz"));
        assertThat(badChecksum.code()).isEqualTo("INVALID_CHECKSUM");
        LedgerClient.Response blocked = ledger.post(launch + "/completion", RITA, Map.of());
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.code()).isEqualTo("LAUNCH_BLOCKED");
        assertThat(texts(blocked.json().path("missing"))).contains("SCOPE_VALIDATED_IN_PRODUCTION");
        assertThat(ledger.get("/scopes/locality/nowhere-town/launches/9.9.9", RITA).code()).isEqualTo("LAUNCH_NOT_FOUND");
    }

    private void rollbackDrill() {
        LedgerClient.Response started = ledger.post("/rebinds", OPERATOR, Map.of("scope", SCOPE, "mode", "MANUAL", "drill", true));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String path = started.header("Location");
        String manifestSha = "ab".repeat(32);
        String packSha = "cd".repeat(32);
        expectOk(ledger.post(path + "/manifest-probe", OPERATOR, Map.of("target", Map.of("manifestId", "lkg-1", "scope", SCOPE,
                "packKey", "packs/" + SCOPE + "/p1.json", "packSha256", packSha, "publishedAt", "2026-11-01T06:00:00Z",
                "manifestSha256", manifestSha, "etag", "\"lkg-etag\""))));
        expectOk(ledger.post(path + "/active-write", OPERATOR, Map.of("result", "WRITTEN", "etag", "\"written\"")));
        expectOk(ledger.post(path + "/integrity-readback", OPERATOR, Map.of("manifestSha256", manifestSha,
                "declaredPackSha256", packSha, "packSha256Actual", packSha, "packBytes", 1024)));
        JsonNode completed = expectOk(ledger.post(path + "/resolution-probes", OPERATOR, Map.of("probes", List.of(Map.of(
                "target", "RESOLVER", "url", "https://resolver.example/" + SCOPE, "status", 200, "latencyMillis", 35,
                "passed", true)))));
        assertThat(completed.path("rebind").path("phase").asText()).isEqualTo("COMPLETED");
    }

    private void validateLaunchDay() {
        JsonNode config = expectOk(ledger.post(LAUNCH + "/production-config", RITA, Map.of(
                "apiEndpoints", List.of("https://api.binkindly.example/v1", "https://resolver.binkindly.example"),
                "authKeys", Map.of("RESOLVER_API_KEY", true, "RULES_API_KEY", true),
                "environmentFlags", Map.of("ENV", "production", "AI_LANE", "narrow"),
                "killSwitchDefaults", Map.of("AI_LANE", "armed, lane narrow", "BAD_PACK", "armed"))));
        assertThat(config.path("productionConfig").path("passed").asBoolean()).as(config.toString()).isTrue();
        assertThat(config.toString()).doesNotContain("sk-");
        JsonNode publish = expectOk(ledger.post(LAUNCH + "/first-publish", RITA, Map.of("expectedManifestId", "gate-town-v2")));
        assertThat(publish.path("firstPublish").path("passed").asBoolean()).as(publish.toString()).isTrue();
        JsonNode fetch = expectOk(ledger.post(LAUNCH + "/live-fetch", RITA, Map.of()));
        assertThat(fetch.path("liveAppFetch").path("passed").asBoolean()).as(fetch.toString()).isTrue();
        expectOk(ledger.post(LAUNCH + "/build-checksum", RITA, Map.of("artifact", "binkindly-ios-2.4.0+311.ipa",
                "sha256", "ef".repeat(32), "location", "s3://releases/ios/2.4.0+311")));
        LedgerClient.Response notHerArea = ledger.post(LAUNCH + "/sign-offs/QA", LedgerClient.PIA_RELEASE, Map.of());
        assertThat(notHerArea.status()).as("pia's token may sign PRODUCT only: " + notHerArea).isEqualTo(403);
        assertThat(notHerArea.code()).isEqualTo("FORBIDDEN");
        expectOk(ledger.post(LAUNCH + "/sign-offs/PRODUCT", LedgerClient.PIA_RELEASE, Map.of()));
        expectOk(ledger.post(LAUNCH + "/sign-offs/ENGINEERING", LedgerClient.QUINN_RELEASE, Map.of()));
        LedgerClient.Response again = ledger.post(LAUNCH + "/sign-offs/QA", LedgerClient.QUINN_RELEASE, Map.of());
        assertThat(again.status()).as("one person signs one area: " + again).isEqualTo(409);
        assertThat(again.code()).isEqualTo("SIGNER_ALREADY_SIGNED");
        JsonNode signed = expectOk(ledger.post(LAUNCH + "/sign-offs/QA", RITA, Map.of()));
        assertThat(signed.path("validated").asBoolean()).isTrue();
        assertThat(signed.path("signOffs").path("QA").path("signer").asText()).isEqualTo("rita");
    }

    private List<String> blocking() {
        return texts(expectOk(ledger.get(BASE + "/no-go-gate?appBuild=" + java.net.URLEncoder.encode(BUILD, java.nio.charset.StandardCharsets.UTF_8), OPERATOR)).path("blocking"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
