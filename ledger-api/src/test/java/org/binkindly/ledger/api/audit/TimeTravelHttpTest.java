package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * Each view is captured live after every step, with the instant it was read; asked later "as of"
 * that instant, the ledger must answer exactly what it showed then.
 */
class TimeTravelHttpTest extends LedgerHttpTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;
    private static final String REVIEWER = LedgerClient.OLIVIA_OWNER;

    @Test
    void anIncidentAsOfEachPastMomentIsTheViewTheLedgerShowedThen() throws Exception {
        String scope = Incidents.freshScope();
        Instant beforeDeclaration = pause();
        String incidentId = new Incidents(ledger).declare("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        String path = "/incidents/" + incidentId;
        Map<Instant, JsonNode> shown = new LinkedHashMap<>();
        shown.put(pause(), expectOk(ledger.get(path, OPERATOR)));
        expectOk(ledger.put(path + "/roles/ON_CALL_OPERATOR", OPERATOR));
        expectOk(ledger.post(path + "/evidence", OPERATOR, Map.of("field", "CONTAINMENT_ACTION", "action", "paused promotion")));
        shown.put(pause(), expectOk(ledger.get(path, OPERATOR)));
        expectOk(ledger.post(path + "/escalations", OPERATOR, Map.of("severity", "SEV1", "reason", "rollback path looks shaky")));
        shown.put(pause(), expectOk(ledger.get(path, OPERATOR)));
        new Incidents(ledger).evidenceEverything(incidentId);
        expectOk(ledger.post(path + "/closure", LedgerClient.OLIVIA_OWNER, Map.of("postIncidentRecord", "gate held")));
        shown.put(pause(), expectOk(ledger.get(path, OPERATOR)));

        for (Map.Entry<Instant, JsonNode> moment : shown.entrySet()) {
            JsonNode asOf = expectOk(ledger.get("/as-of" + path + "?at=" + encode(moment.getKey()), REVIEWER));
            assertThat(asOf.path("view")).as("as of %s", moment.getKey()).isEqualTo(moment.getValue());
            assertThat(asOf.path("events").asInt()).isEqualTo(moment.getValue().path("version").asInt() + 1);
        }
        List<JsonNode> views = List.copyOf(shown.values());
        assertThat(views.get(0).path("status").asText()).isEqualTo("OPEN");
        assertThat(views.get(2).path("severity").asText()).isEqualTo("SEV1");
        assertThat(views.get(3).path("status").asText()).isEqualTo("CLOSED");

        LedgerClient.Response notYet = ledger.get("/as-of" + path + "?at=" + encode(beforeDeclaration), REVIEWER);
        assertThat(notYet.status()).isEqualTo(404);
        assertThat(notYet.code()).isEqualTo("INCIDENT_NOT_FOUND");
    }

    @Test
    void aKillSwitchARebindAndAScopesPostureAsOfPastMomentsAreWhatTheLedgerShowedThen() throws Exception {
        String scope = Incidents.freshScope();
        String postureLink = "/scopes/" + scope + "/posture";
        Map<Instant, JsonNode[]> shown = new LinkedHashMap<>();
        Instant calm = pause();
        JsonNode calmPosture = expectOk(ledger.get(postureLink, OPERATOR));

        String incidentId = new Incidents(ledger).declare("BAD_PUBLISH", scope, Map.of("ACTIVE_TRUTH_WRONG_FOR_USERS", "YES"))
                .path("incidentId").asText();
        LedgerClient.Response activated = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope,
                "reason", "wrong pack is live", "incidentId", incidentId));
        assertThat(activated.status()).isEqualTo(201);
        String switchPath = activated.header("Location");
        LedgerClient.Response started = ledger.post("/rebinds", OPERATOR, Map.of("scope", scope, "incidentId", incidentId, "mode", "MANUAL"));
        assertThat(started.status()).isEqualTo(201);
        String rebindPath = started.header("Location");
        shown.put(pause(), capture(switchPath, rebindPath, postureLink));

        String manifestSha = "ab".repeat(32);
        String packSha = "cd".repeat(32);
        expectOk(ledger.post(rebindPath + "/manifest-probe", OPERATOR, Map.of("target", Map.of("manifestId", "lkg-1", "scope", scope,
                "packKey", "packs/" + scope + "/p1.json", "packSha256", packSha, "publishedAt", "2026-11-01T06:00:00Z",
                "manifestSha256", manifestSha, "etag", "\"lkg\""))));
        expectOk(ledger.post(rebindPath + "/active-write", OPERATOR, Map.of("result", "WRITTEN", "etag", "\"w1\"")));
        expectOk(ledger.post(switchPath + "/silent-degrade-checks", OPERATOR, Map.of("evidence", "baseline answers")));
        shown.put(pause(), capture(switchPath, rebindPath, postureLink));

        expectOk(ledger.post(rebindPath + "/integrity-readback", OPERATOR, Map.of("manifestSha256", manifestSha,
                "declaredPackSha256", packSha, "packSha256Actual", packSha, "packBytes", 2048)));
        expectOk(ledger.post(rebindPath + "/resolution-probes", OPERATOR, Map.of("probes", List.of(Map.of("target", "RESOLVER",
                "url", "https://resolver.example/" + scope, "status", 200, "latencyMillis", 20, "passed", true)))));
        expectOk(ledger.post(switchPath + "/clean-runs", OPERATOR, Map.of("runReference", "nightly", "evidence", "clean")));
        expectOk(ledger.post(switchPath + "/rollback-confidence", OPERATOR, Map.of("evidence", "rebind verified",
                "rebindReference", rebindPath.substring(rebindPath.lastIndexOf('/') + 1))));
        expectOk(ledger.post(switchPath + "/release", OPERATOR, Map.of("reason", "safe again")));
        shown.put(pause(), capture(switchPath, rebindPath, postureLink));

        for (Map.Entry<Instant, JsonNode[]> moment : shown.entrySet()) {
            String at = "?at=" + encode(moment.getKey());
            assertThat(expectOk(ledger.get("/as-of" + switchPath + at, REVIEWER)).path("view"))
                    .as("kill switch as of %s", moment.getKey()).isEqualTo(moment.getValue()[0]);
            assertThat(expectOk(ledger.get("/as-of" + rebindPath + at, REVIEWER)).path("view"))
                    .as("rebind as of %s", moment.getKey()).isEqualTo(moment.getValue()[1]);
            assertThat(expectOk(ledger.get("/as-of" + postureLink + at, REVIEWER)).path("view"))
                    .as("posture as of %s", moment.getKey()).isEqualTo(moment.getValue()[2]);
        }
        JsonNode[] first = shown.values().iterator().next();
        assertThat(first[2].path("publishPaused").asBoolean()).isTrue();
        assertThat(expectOk(ledger.get("/as-of" + postureLink + "?at=" + encode(calm), REVIEWER)).path("view")).isEqualTo(calmPosture);
        assertThat(calmPosture.path("reasons")).isEmpty();
    }

    @Test
    void badInstantsAreProblems() {
        LedgerClient.Response missing = ledger.get("/as-of/incidents/inc-000000000000", REVIEWER);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.isProblem()).isTrue();
        LedgerClient.Response notAnInstant = ledger.get("/as-of/incidents/inc-000000000000?at=last-tuesday", REVIEWER);
        assertThat(notAnInstant.status()).isEqualTo(400);
        assertThat(notAnInstant.code()).isEqualTo("INVALID_VALUE");
        LedgerClient.Response badScope = ledger.get("/as-of/scopes/planet/earth/posture?at=2026-01-01T00:00:00Z", REVIEWER);
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.code()).isEqualTo("INVALID_SCOPE");
        assertThat(ledger.get("/as-of/kill-switches/ks-000000000000?at=2026-01-01T00:00:00Z", REVIEWER).code())
                .isEqualTo("KILL_SWITCH_NOT_FOUND");
        assertThat(ledger.get("/as-of/rebinds/rb-000000000000?at=2026-01-01T00:00:00Z", REVIEWER).code()).isEqualTo("REBIND_NOT_FOUND");
        assertThat(ledger.get("/as-of/incidents/inc-000000000000?at=2026-01-01T00:00:00Z", null).status()).isEqualTo(401);
    }

    private JsonNode[] capture(String switchPath, String rebindPath, String postureLink) {
        return new JsonNode[]{expectOk(ledger.get(switchPath, OPERATOR)), expectOk(ledger.get(rebindPath, OPERATOR)),
                expectOk(ledger.get(postureLink, OPERATOR))};
    }

    /**
     * The instant between two steps. Events are stored to the millisecond, so the pauses keep
     * the step before at least a millisecond earlier and the step after at least one later.
     */
    private static Instant pause() throws InterruptedException {
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        return between;
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
