package org.binkindly.ledger.api.review;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.cli.LedgerCommandLine;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

class EvidenceRecordHttpTest extends LedgerHttpTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;
    private static final String READER = LedgerClient.AUDREY_AUDITOR;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCompletedRollbackDrillFillsEveryChecklistStepWithWhereItIsInTheLog() {
        String scope = Incidents.freshScope();
        String rebindPath = manualRebind(scope, null, true, true);
        String rebindId = rebindPath.substring(rebindPath.lastIndexOf('/') + 1);

        JsonNode record = expectOk(ledger.get(recordPath("rollback-drill", scope), READER));

        assertThat(record.path("complete").asBoolean()).as(record.toString()).isTrue();
        assertThat(record.path("missing")).isEmpty();
        assertThat(record.path("outcome").asText()).isEqualTo("OBJECTIVE_MET");
        assertThat(record.path("subject").asText()).startsWith("rebind " + rebindId + " (MANUAL, drill)");
        assertThat(record.path("selection").path("scope").asText()).isEqualTo("locality");
        assertThat(record.path("selection").path("scope-id").asText()).isEqualTo(scope.substring("locality/".length()));
        JsonNode steps = record.path("sections").get(0).path("items");
        assertThat(keys(steps)).containsExactly("STEP_1_IDENTIFY_SCOPE", "STEP_2_MANIFEST_PROBE", "STEP_3_REBIND",
                "STEP_4_CHECKSUMS", "STEP_5_PROBES", "STEP_6_OBJECTIVE_OUTCOME");
        long written = jdbc.queryForObject("""
                select global_index from domain_event_entry where aggregate_identifier = ? and payload_type like '%.ActiveManifestRebound'""",
                Long.class, rebindId);
        assertThat(steps.get(2).path("value").asText()).contains("lkg-1").contains("\"written-etag\"");
        assertThat(steps.get(2).path("evidence").asText()).contains("recorded by alice").contains("ActiveManifestRebound at log position " + written);
        assertThat(steps.get(3).path("value").asText()).contains("cd".repeat(32));
        assertThat(steps.get(4).path("value").asText()).contains("RESOLVER").contains("passed");
        assertThat(steps.get(5).path("value").asText()).contains("objective 15 min: met").contains("objective 30 min: met");
        assertThat(record.path("logPosition").asLong()).isGreaterThanOrEqualTo(written);
        assertThat(item(record, "OBJECTIVE_BREACHES").path("value").asText()).isEqualTo("none");

        LedgerClient.Response markdown = ledger.send(HttpRequest.newBuilder(URI.create(ledger.base()
                + recordPath("rollback-drill", scope))).header("Accept", "text/markdown").GET(), READER);
        assertThat(markdown.status()).isEqualTo(200);
        assertThat(markdown.contentType()).startsWith("text/markdown");
        assertThat(markdown.text()).startsWith("# Rollback drill: " + scope)
                .contains("`--scope=locality --scope-id=" + scope.substring("locality/".length()) + "`")
                .contains("## Rollback checklist")
                .contains("- Complete: yes")
                .doesNotContain("MISSING");
        String viaFormat = ledger.get(recordPath("rollback-drill", scope) + "&format=markdown", READER).text();
        assertThat(withoutRenderTime(viaFormat)).as("?format=markdown and Accept: text/markdown give the same record")
                .isEqualTo(withoutRenderTime(markdown.text()));
    }

    @Test
    void anUnfinishedDrillListsWhatIsMissingAndAScopeWithoutOneSaysSo() {
        String scope = Incidents.freshScope();
        manualRebind(scope, null, true, false);

        JsonNode unfinished = expectOk(ledger.get(recordPath("rollback-drill", scope), READER));
        assertThat(unfinished.path("complete").asBoolean()).isFalse();
        assertThat(texts(unfinished.path("missing"))).containsExactly("STEP_3_REBIND", "STEP_4_CHECKSUMS", "STEP_5_PROBES",
                "STEP_6_OBJECTIVE_OUTCOME");
        assertThat(unfinished.path("outcome").asText()).isEqualTo("IN_PROGRESS");
        assertThat(ledger.get(recordPath("rollback-drill", scope) + "&format=markdown", READER).text())
                .contains("3. Rebind or restore active manifest to last known good (publisher response and audit event)**: **MISSING**")
                .contains("## Missing\n\n- `STEP_3_REBIND`");

        JsonNode none = expectOk(ledger.get(recordPath("rollback-drill", Incidents.freshScope()), READER));
        assertThat(none.path("outcome").asText()).isEqualTo("NOTHING_RECORDED");
        assertThat(none.path("subject").isNull()).isTrue();
        assertThat(none.path("missing")).hasSize(7);
    }

    @Test
    void anAiKillSwitchRecordChecksEachRepresentativeLocalityTheCommandNames() {
        String scope = Incidents.freshScope();
        String path = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "AI_LANE", "scope", scope,
                "reason", "malformed AI output spiked to 14%")).header("Location");
        expectOk(ledger.post(path + "/lane-changes", OPERATOR, Map.of("change", "NARROWED", "detail", "se-* only")));
        expectOk(ledger.post(path + "/silent-degrade-checks", OPERATOR, Map.of("evidence", "deterministic answers everywhere")));
        expectOk(ledger.post(path + "/validations", OPERATOR, Map.of("results", List.of(
                Map.of("locality", "se-stockholm", "outcome", "PASSED"),
                Map.of("locality", "se-malmo", "outcome", "FAILED", "note", "stale answers")))));

        JsonNode named = expectOk(ledger.get(recordPath("ai-kill-switch-activation", scope)
                + "&validation-localities=se-stockholm,se-malmo", READER));
        assertThat(named.path("complete").asBoolean()).as(named.toString()).isTrue();
        assertThat(named.path("outcome").asText()).isEqualTo("ACTIVE");
        assertThat(item(named, "VALIDATION_RESULT").path("value").asText()).isEqualTo("FAILED for se-malmo of 2 localities");
        assertThat(item(named, "VALIDATION/se-malmo").path("value").asText()).isEqualTo("FAILED: stale answers");
        assertThat(item(named, "DISABLE_OR_NARROW_LANE").path("value").asText()).isEqualTo("NARROWED: se-* only");
        assertThat(named.path("selection").path("validation-localities").asText()).isEqualTo("se-stockholm,se-malmo");

        JsonNode wider = expectOk(ledger.get(recordPath("ai-kill-switch-activation", scope)
                + "&validation-localities=se-stockholm,se-malmo,se-lund", READER));
        assertThat(texts(wider.path("missing"))).containsExactly("VALIDATION_RESULT", "VALIDATION/se-lund");
        LedgerClient.Response badLocality = ledger.get(recordPath("ai-kill-switch-activation", scope)
                + "&validation-localities=Not%20A%20Place", READER);
        assertThat(badLocality.status()).isEqualTo(400);
        assertThat(badLocality.code()).isEqualTo("INVALID_LOCALITY");
    }

    @Test
    void aBadPackRecordJoinsTheKillSwitchTheRebindOfItsIncidentAndTheIncidentsEvidence() {
        String scope = Incidents.freshScope();
        String incidentId = new Incidents(ledger).declare("BAD_PUBLISH", scope, Map.of("ACTIVE_TRUTH_WRONG_FOR_USERS", "YES"))
                .path("incidentId").asText();
        expectOk(ledger.post("/incidents/" + incidentId + "/evidence", OPERATOR, Map.of("field", "CONTAINMENT_ACTION",
                "action", "bad-pack kill switch")));
        LedgerClient.Response activated = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope,
                "reason", "v2 pack lost every collection day", "incidentId", incidentId));
        assertThat(activated.status()).isEqualTo(201);
        String rebindPath = manualRebind(scope, incidentId, false, true);

        JsonNode record = expectOk(ledger.get(recordPath("bad-pack-kill-switch-manifest-rebind", scope), READER));

        assertThat(record.path("complete").asBoolean()).as(record.toString()).isTrue();
        assertThat(record.path("subject").asText()).contains(activated.json().path("killSwitchId").asText())
                .contains(rebindPath.substring(rebindPath.lastIndexOf('/') + 1));
        assertThat(item(record, "ROLLBACK_TO_LKG").path("value").asText()).contains("lkg-1");
        assertThat(item(record, "OVERLAY_DISABLED").path("required").asBoolean()).isFalse();
        assertThat(item(record, "INCIDENT_EVIDENCE_PRESERVED").path("value").asText()).startsWith("incident " + incidentId + " (OPEN)");
        assertThat(item(record, "RESTORED_WITHIN_OBJECTIVE").path("value").asText()).contains("met");
    }

    @Test
    void theLaunchDayRecordShowsWhatWasValidatedAndWhatIsStillMissing() {
        String scope = Incidents.freshScope();
        String launch = "/scopes/" + scope + "/launches/2026.11.27-1";
        expectOk(ledger.post(launch + "/production-config", LedgerClient.RITA_RELEASE, Map.of(
                "apiEndpoints", java.util.List.of("https://api.binkindly.example/v1"),
                "authKeys", Map.of("RESOLVER_API_KEY", true),
                "environmentFlags", Map.of("ENV", "production"),
                "killSwitchDefaults", Map.of("AI_LANE", "armed", "BAD_PACK", "armed"))));

        JsonNode record = expectOk(ledger.get("/evidence-records/launch-day-production-validation?scope=locality&scope-id="
                + scope.substring("locality/".length()) + "&app-build=2026.11.27-1", READER));

        assertThat(record.path("outcome").asText()).isEqualTo("IN_PROGRESS");
        assertThat(item(record, "PRODUCTION_CONFIG").path("value").asText()).startsWith("passed:").contains("RESOLVER_API_KEY")
                .doesNotContain("true");
        // each item says who recorded it and when, then where in the log
        assertThat(item(record, "PRODUCTION_CONFIG").path("evidence").asText()).matches(
                "recorded by rita at \\d{4}-\\d{2}-\\d{2}T[^,]+Z, ProductionConfigVerified at log position \\d+");
        assertThat(record.path("missing").toString()).contains("FIRST_PUBLISH", "LIVE_APP_FETCH", "BUILD_CHECKSUM",
                "SIGN_OFF_PRODUCT", "SIGN_OFF_ENGINEERING", "SIGN_OFF_QA").doesNotContain("PRODUCTION_CONFIG");
        assertThat(ledger.get("/evidence-records/launch-day-production-validation?scope=locality&scope-id=x", READER).code())
                .isEqualTo("VALIDATION_FAILED");
        JsonNode listed = expectOk(ledger.get("/evidence-records", READER));
        assertThat(listed).extracting(node -> node.path("record").asText() + "=" + node.path("available").asBoolean())
                .containsExactly("rollback-drill=true", "ai-kill-switch-activation=true",
                        "bad-pack-kill-switch-manifest-rebind=true", "launch-day-production-validation=true");
    }

    @Test
    void badSelectionsAreProblems() {
        assertThat(ledger.get("/evidence-records/rollback-drill?scope=locality", READER).code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(ledger.get("/evidence-records/rollback-drill?scope=planet&scope-id=earth", READER).code()).isEqualTo("INVALID_SCOPE");
        assertThat(ledger.get("/evidence-records/nothing?scope=locality&scope-id=x", READER).code()).isEqualTo("NOT_FOUND");
        assertThat(ledger.get("/evidence-records/rollback-drill?scope=locality&scope-id=x&format=pdf", READER).code())
                .isEqualTo("INVALID_VALUE");
        assertThat(ledger.get("/evidence-records/rollback-drill?scope=locality&scope-id=x", null).status()).isEqualTo(401);
    }

    @Test
    void theRunbooksRecordCommandsPrintTheRecordFromTheRunningLedger() {
        String scope = Incidents.freshScope();
        manualRebind(scope, null, true, true);
        String scopeId = scope.substring("locality/".length());

        Run drill = cli("rollback-record", "--scope=locality", "--scope-id=" + scopeId, "--ledger-url=" + ledger.base(),
                "--token=" + READER);
        assertThat(drill.exitCode()).as(drill.err()).isZero();
        assertThat(drill.out()).startsWith("# Rollback drill: " + scope).contains("- Complete: yes");

        Run json = cli("rollback-record", "--scope", "locality", "--scope-id", scopeId, "--format", "json",
                "--ledger-url", ledger.base(), "--token", READER);
        assertThat(json.out()).contains("\"outcome\":\"OBJECTIVE_MET\"");

        Run launchDay = cli("launch-day-record", "--scope=locality", "--scope-id=" + scopeId, "--app-build=b1",
                "--ledger-url=" + ledger.base(), "--token=" + READER);
        assertThat(launchDay.exitCode()).as(launchDay.err()).isZero();
        assertThat(launchDay.out()).startsWith("# Launch-day production validation: " + scope);

        Run usage = cli("rollback-record", "--scope=locality", "--ledger-url=" + ledger.base(), "--token=" + READER);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required option: '--scope-id=<id>'");
        Run noBuild = cli("launch-day-record", "--scope=locality", "--scope-id=" + scopeId, "--ledger-url=" + ledger.base(),
                "--token=" + READER);
        assertThat(noBuild.exitCode()).isEqualTo(2);
        assertThat(noBuild.err()).contains("Missing required option: '--app-build=<build-id>'");
        Run unknownSwitch = cli("bad-pack-rebind-record", "--scope=locality", "--scope-id=" + scopeId, "--kill-switch=ks-doesnotexist",
                "--ledger-url=" + ledger.base(), "--token=" + READER);
        assertThat(unknownSwitch.exitCode()).as("the ledger refuses: 1").isEqualTo(1);
        assertThat(unknownSwitch.err()).contains("404");
    }

    // --- helpers --------------------------------------------------------------------------------

    /** A MANUAL rebind recorded step by step; {@code finish}: through the probes, else stopped after the manifest probe. */
    private String manualRebind(String scope, String incidentId, boolean drill, boolean finish) {
        Map<String, Object> start = new java.util.LinkedHashMap<>(Map.of("scope", scope, "mode", "MANUAL", "drill", drill));
        if (incidentId != null) {
            start.put("incidentId", incidentId);
        }
        LedgerClient.Response started = ledger.post("/rebinds", OPERATOR, start);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String path = started.header("Location");
        String manifestSha = "ab".repeat(32);
        String packSha = "cd".repeat(32);
        expectOk(ledger.post(path + "/manifest-probe", OPERATOR, Map.of("target", Map.of("manifestId", "lkg-1", "scope", scope,
                "packKey", "packs/" + scope + "/p1.json", "packSha256", packSha, "publishedAt", "2026-11-01T06:00:00Z",
                "manifestSha256", manifestSha, "etag", "\"lkg-etag\""))));
        if (!finish) {
            return path;
        }
        expectOk(ledger.post(path + "/active-write", OPERATOR, Map.of("result", "WRITTEN", "etag", "\"written-etag\"")));
        expectOk(ledger.post(path + "/integrity-readback", OPERATOR, Map.of("manifestSha256", manifestSha,
                "declaredPackSha256", packSha, "packSha256Actual", packSha, "packBytes", 1024)));
        JsonNode completed = expectOk(ledger.post(path + "/resolution-probes", OPERATOR, Map.of("probes", List.of(Map.of(
                "target", "RESOLVER", "url", "https://resolver.example/" + scope, "status", 200, "latencyMillis", 35, "passed", true)))));
        assertThat(completed.path("rebind").path("phase").asText()).isEqualTo("COMPLETED");
        return path;
    }

    private static String withoutRenderTime(String markdown) {
        return markdown.replaceAll("(Rendered from the event log through position \\d+) at \\S+", "$1");
    }

    private static String recordPath(String record, String scope) {
        return "/evidence-records/" + record + "?scope=locality&scope-id=" + scope.substring("locality/".length());
    }

    private static JsonNode item(JsonNode record, String key) {
        for (JsonNode section : record.path("sections")) {
            for (JsonNode item : section.path("items")) {
                if (item.path("key").asText().equals(key)) {
                    return item;
                }
            }
        }
        throw new AssertionError("no item " + key + " in " + record);
    }

    private static List<String> keys(JsonNode items) {
        List<String> keys = new ArrayList<>();
        items.forEach(item -> keys.add(item.path("key").asText()));
        return keys;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LedgerCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
