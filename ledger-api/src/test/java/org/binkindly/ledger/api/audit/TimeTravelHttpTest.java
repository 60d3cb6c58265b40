package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
        String manifestLink = "/scopes/" + scope + "/manifest";
        String gateLink = "/scopes/" + scope + "/no-go-gate";
        Map<Instant, JsonNode[]> shown = new LinkedHashMap<>();
        Instant calm = pause();
        JsonNode calmPosture = expectOk(ledger.get(postureLink, OPERATOR));
        JsonNode calmGate = expectOk(ledger.get(gateLink, OPERATOR));
        assertThat(ledger.get(manifestLink, OPERATOR).status()).isEqualTo(404);

        String incidentId = new Incidents(ledger).declare("BAD_PUBLISH", scope, Map.of("ACTIVE_TRUTH_WRONG_FOR_USERS", "YES"))
                .path("incidentId").asText();
        LedgerClient.Response activated = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope,
                "reason", "wrong pack is live", "incidentId", incidentId));
        assertThat(activated.status()).isEqualTo(201);
        String switchPath = activated.header("Location");
        LedgerClient.Response started = ledger.post("/rebinds", OPERATOR, Map.of("scope", scope, "incidentId", incidentId, "mode", "MANUAL"));
        assertThat(started.status()).isEqualTo(201);
        String rebindPath = started.header("Location");
        shown.put(pause(), capture(switchPath, rebindPath, postureLink, gateLink));
        Instant beforeProbe = shown.keySet().iterator().next();

        String manifestSha = "ab".repeat(32);
        String packSha = "cd".repeat(32);
        expectOk(ledger.post(rebindPath + "/manifest-probe", OPERATOR, Map.of("target", Map.of("manifestId", "lkg-1", "scope", scope,
                "packKey", "packs/" + scope + "/p1.json", "packSha256", packSha, "publishedAt", "2026-11-01T06:00:00Z",
                "manifestSha256", manifestSha, "etag", "\"lkg\""))));
        expectOk(ledger.post(rebindPath + "/active-write", OPERATOR, Map.of("result", "WRITTEN", "etag", "\"w1\"")));
        expectOk(ledger.post(switchPath + "/silent-degrade-checks", OPERATOR, Map.of("evidence", "baseline answers")));
        assertThat(ledger.post("/kill-switches", OPERATOR, Map.of("kind", "AI_LANE", "scope", scope, "reason", "pre-launch drill",
                "drill", true)).status()).isEqualTo(201);
        shown.put(pause(), capture(switchPath, rebindPath, postureLink, gateLink, manifestLink));

        expectOk(ledger.post(rebindPath + "/integrity-readback", OPERATOR, Map.of("manifestSha256", manifestSha,
                "declaredPackSha256", packSha, "packSha256Actual", packSha, "packBytes", 2048)));
        expectOk(ledger.post(rebindPath + "/resolution-probes", OPERATOR, Map.of("probes", List.of(Map.of("target", "RESOLVER",
                "url", "https://resolver.example/" + scope, "status", 200, "latencyMillis", 20, "passed", true)))));
        expectOk(ledger.post(switchPath + "/clean-runs", OPERATOR, Map.of("runReference", "nightly", "evidence", "clean")));
        expectOk(ledger.post(switchPath + "/rollback-confidence", OPERATOR, Map.of("evidence", "rebind verified",
                "rebindReference", rebindPath.substring(rebindPath.lastIndexOf('/') + 1))));
        expectOk(ledger.post(switchPath + "/release", OPERATOR, Map.of("reason", "safe again")));
        shown.put(pause(), capture(switchPath, rebindPath, postureLink, gateLink, manifestLink));

        for (Map.Entry<Instant, JsonNode[]> moment : shown.entrySet()) {
            String at = "?at=" + encode(moment.getKey());
            assertThat(expectOk(ledger.get("/as-of" + switchPath + at, REVIEWER)).path("view"))
                    .as("kill switch as of %s", moment.getKey()).isEqualTo(moment.getValue()[0]);
            assertThat(expectOk(ledger.get("/as-of" + rebindPath + at, REVIEWER)).path("view"))
                    .as("rebind as of %s", moment.getKey()).isEqualTo(moment.getValue()[1]);
            assertThat(expectOk(ledger.get("/as-of" + postureLink + at, REVIEWER)).path("view"))
                    .as("posture as of %s", moment.getKey()).isEqualTo(moment.getValue()[2]);
            JsonNode gateThen = expectOk(ledger.get("/as-of" + gateLink + at, REVIEWER)).path("view");
            assertThat(gateThen.path("evaluatedAt").asText()).isEqualTo(moment.getKey().toString());
            assertThat(finding(gateThen, "ROLLBACK_OBJECTIVE_PROVEN").path("missing").toString())
                    .as("a drill's recency counts back from the instant asked for")
                    .contains("since " + moment.getKey().minus(Duration.ofDays(90)));
            assertThat(judged(gateThen)).as("gate as of %s", moment.getKey()).isEqualTo(judged(moment.getValue()[3]));
            if (moment.getValue().length > 4) {
                assertThat(expectOk(ledger.get("/as-of" + manifestLink + at, REVIEWER)).path("view"))
                        .as("manifest as of %s", moment.getKey()).isEqualTo(moment.getValue()[4]);
            }
        }
        JsonNode[] first = shown.values().iterator().next();
        assertThat(first[2].path("publishPaused").asBoolean()).isTrue();
        assertThat(expectOk(ledger.get("/as-of" + postureLink + "?at=" + encode(calm), REVIEWER)).path("view")).isEqualTo(calmPosture);
        assertThat(calmPosture.path("reasons")).isEmpty();

        // the views changed between the moments, so each answer above was the past one, not today's
        List<JsonNode[]> moments = List.copyOf(shown.values());
        assertThat(moments.get(1)[4].path("integrity").asText()).isEqualTo("UNVERIFIED");
        assertThat(moments.get(2)[4].path("integrity").asText()).isEqualTo("VERIFIED");
        assertThat(moments.get(1)[4].path("active").path("manifestId").asText()).isEqualTo("lkg-1");
        assertThat(finding(moments.get(0)[3], "KILL_SWITCHES_DEFINED_AND_DRILLED").path("evidence")).isEmpty();
        assertThat(finding(moments.get(1)[3], "KILL_SWITCHES_DEFINED_AND_DRILLED").path("evidence").toString()).contains("AI_LANE");
        assertThat(finding(first[3], "NO_OPEN_INCIDENT_HALTS_EXPANSION").path("missing").toString()).contains(incidentId);
        assertThat(judged(expectOk(ledger.get("/as-of" + gateLink + "?at=" + encode(calm), REVIEWER)).path("view")))
                .isEqualTo(judged(calmGate));
        assertThat(calmGate.toString()).doesNotContain(incidentId);
        LedgerClient.Response noManifestYet = ledger.get("/as-of" + manifestLink + "?at=" + encode(beforeProbe), REVIEWER);
        assertThat(noManifestYet.status()).isEqualTo(404);
        assertThat(noManifestYet.code()).isEqualTo("NOT_FOUND");
        // a scope no rebind ever named: the same answer now, not an empty view
        LedgerClient.Response neverRebound = ledger.get("/as-of/scopes/locality/never-rebound/manifest?at=" + encode(Instant.now()), REVIEWER);
        assertThat(neverRebound.status()).isEqualTo(404);
        assertThat(neverRebound.code()).isEqualTo("NOT_FOUND");
    }

    private static JsonNode finding(JsonNode gate, String rule) {
        for (JsonNode finding : gate.path("findings")) {
            if (finding.path("rule").asText().equals(rule)) {
                return finding;
            }
        }
        throw new AssertionError("no finding for " + rule + " in " + gate);
    }

    /**
     * The gate's findings without the instant they were judged at, which differs between a live read
     * and the same moment asked later (by the milliseconds the read took), as does the drill recency
     * counted back from it.
     */
    private static String judged(JsonNode gate) {
        ObjectNode copy = gate.deepCopy();
        copy.remove("evaluatedAt");
        return copy.toString().replaceAll("since [0-9T:.\\-]+Z", "since (recency start)");
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
        assertThat(ledger.get("/as-of/scopes/planet/earth/no-go-gate?at=2026-01-01T00:00:00Z", REVIEWER).code()).isEqualTo("INVALID_SCOPE");
        assertThat(ledger.get("/as-of/scopes/planet/earth/manifest?at=2026-01-01T00:00:00Z", REVIEWER).code()).isEqualTo("INVALID_SCOPE");
        assertThat(ledger.get("/as-of/scopes/locality/x/no-go-gate", REVIEWER).status()).isEqualTo(400);
        assertThat(ledger.get("/as-of/scopes/locality/x/no-go-gate?at=2026-01-01T00:00:00Z&appBuild=" + "x".repeat(300), REVIEWER)
                .code()).isEqualTo("INVALID_APP_BUILD");
        assertThat(ledger.get("/as-of/incidents/inc-000000000000?at=2026-01-01T00:00:00Z", null).status()).isEqualTo(401);
    }

    private JsonNode[] capture(String... links) {
        return Arrays.stream(links).map(link -> expectOk(ledger.get(link, OPERATOR))).toArray(JsonNode[]::new);
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
