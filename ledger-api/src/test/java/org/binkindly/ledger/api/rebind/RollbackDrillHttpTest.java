package org.binkindly.ledger.api.rebind;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3ManifestStore;
import org.binkindly.ledger.adapters.s3.S3Settings;
import org.binkindly.ledger.api.metrics.LedgerMetrics;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.PublishedScopes;
import org.binkindly.ledger.api.support.StubResolver;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * Rollback drills end to end: HTTP in, the ledger driving a real S3-compatible server (s3proxy,
 * configured as external storage with a key prefix) and probing a resolver over real HTTP, and
 * the outcome visible in the rebind, the incident, the scope's manifest and its posture.
 */
// an application with settings of its own, closed when the class ends rather than kept idle (CachedApplicationsTest)
@DirtiesContext
class RollbackDrillHttpTest extends LedgerHttpTest {

    @Autowired
    private LedgerMetrics metrics;

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;
    private static final EmbeddedObjectStore STORAGE;
    private static final S3Settings SETTINGS;
    private static final StubResolver RESOLVER;
    /** Scopes where another publisher writes active.json right before the ledger's own write. */
    private static final Set<String> CONTENDED = ConcurrentHashMap.newKeySet();
    /** Scopes whose last-known-good pack is corrupted right after the ledger's write, before its readback. */
    private static final Set<String> CORRUPTED_AFTER_WRITE = ConcurrentHashMap.newKeySet();

    static {
        try {
            STORAGE = EmbeddedObjectStore.start(Files.createTempDirectory("drill-storage"), "binkindly-packs");
            SETTINGS = STORAGE.settings("prod");
            RESOLVER = new StubResolver(new S3ManifestStore(SETTINGS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("ledger.storage.endpoint", () -> STORAGE.endpoint().toString());
        registry.add("ledger.storage.bucket", SETTINGS::bucket);
        registry.add("ledger.storage.prefix", SETTINGS::prefix);
        registry.add("ledger.storage.access-key-id", () -> EmbeddedObjectStore.ACCESS_KEY_ID);
        registry.add("ledger.storage.secret-access-key", () -> EmbeddedObjectStore.SECRET_ACCESS_KEY);
        registry.add("ledger.probes.resolver-url", RESOLVER::resolverUrlTemplate);
        registry.add("ledger.probes.rules-url", RESOLVER::rulesUrlTemplate);
    }

    /**
     * The real S3 adapter, with one addition for the conflict test: for a contended scope, another
     * writer publishes to active.json just before the ledger's conditional write, as a concurrent
     * pipeline run would. The write itself, and its refusal, are the real storage's.
     */
    @TestConfiguration
    static class ConcurrentPublisher {
        @Bean
        @Primary
        ManifestStore contendedManifestStore(S3ManifestStore real) {
            return new ManifestStore() {
                @Override
                public ManifestStore rehearsal(String rehearsalId) {
                    return real.rehearsal(rehearsalId);
                }

                @Override
                public Probe probe(Scope scope) {
                    return real.probe(scope);
                }

                @Override
                public Optional<StoredManifest> historical(Scope scope, String manifestId) {
                    return real.historical(scope, manifestId);
                }

                @Override
                public WriteOutcome rebindActive(Scope scope, StoredManifest target, String expectedActiveEtag) {
                    if (CONTENDED.contains(scope.toString())) {
                        try (PublishedScopes pipeline = new PublishedScopes(SETTINGS)) {
                            pipeline.overwrite(pipeline.activeKey(scope.toString()),
                                    "{\"manifestId\":\"published-meanwhile\"}".getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    WriteOutcome outcome = real.rebindActive(scope, target, expectedActiveEtag);
                    if (CORRUPTED_AFTER_WRITE.contains(scope.toString())) {
                        try (PublishedScopes storage = new PublishedScopes(SETTINGS)) {
                            storage.overwrite(target.packKey(),
                                    "{\"rules\":[\"rotted after the write\"]}".getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    return outcome;
                }

                @Override
                public WriteOutcome restoreActive(Scope scope, StoredManifest previous, String expectedActiveEtag) {
                    return real.restoreActive(scope, previous, expectedActiveEtag);
                }

                @Override
                public Readback readBack(Scope scope) {
                    return real.readBack(scope);
                }

                @Override
                public PackCheck checkPack(Scope scope, StoredManifest manifest) {
                    return real.checkPack(scope, manifest);
                }
            };
        }
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    private PublishedScopes pipeline;
    private Incidents incidents;

    @BeforeEach
    void pipeline() {
        pipeline = new PublishedScopes(SETTINGS);
        incidents = new Incidents(ledger);
    }

    @AfterAll
    static void stopStorage() {
        RESOLVER.close();
        STORAGE.close();
    }

    @Test
    void aDrillRehearsesTheWholeChecklistOnACopyAndChangesNothingUsersResolve() {
        PublishedScopes.Published scope = pipeline.publish(true);
        String etagBefore = pipeline.activeEtag(scope.scope());

        LedgerClient.Response started = ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope(), "drill", true));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        JsonNode rebind = awaitFinished(started.header("Location")).path("rebind");
        String rebindId = rebind.path("rebindId").asText();

        // every step ran against real storage: probe, conditional write, readback of the real pack, resolver probes
        assertThat(rebind.path("phase").asText()).as(rebind.toString()).isEqualTo("COMPLETED");
        assertThat(rebind.path("drill").asBoolean()).isTrue();
        assertThat(rebind.path("rehearsal").asBoolean()).isTrue();
        assertThat(rebind.path("activeBefore").path("manifestId").asText()).isEqualTo(scope.badManifestId());
        assertThat(rebind.path("target").path("manifestId").asText()).isEqualTo(scope.goodManifestId());
        assertThat(rebind.path("write").path("etag").asText()).isNotBlank();
        assertThat(rebind.path("integrity").path("packSha256").asText()).isEqualTo(scope.goodPackSha256());
        // the resolver still serves the real (bad) active manifest, which is what a rehearsal must leave it serving
        assertThat(rebind.path("probes")).hasSize(2).allMatch(probe -> probe.path("passed").asBoolean());
        assertThat(rebind.path("completion").path("restoreObjectiveMet").asBoolean()).isTrue();

        // production is untouched; the rehearsal copy holds the target's exact bytes
        assertThat(pipeline.activeManifest(scope.scope())).isEqualTo(scope.badManifest());
        assertThat(pipeline.activeEtag(scope.scope())).isEqualTo(etagBefore);
        assertThat(pipeline.read("rehearsals/" + rebindId + "/manifests/" + scope.scope() + "/active.json"))
                .isEqualTo(scope.goodManifest());
        // the scope's manifest view describes production, so a rehearsal leaves no trace there
        LedgerClient.Response manifest = ledger.get("/scopes/" + scope.scope() + "/manifest", OPERATOR);
        assertThat(manifest.text()).doesNotContain(rebindId);

        // and it still proves the rollback objective for the no-go gate
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode gate = expectOk(ledger.get("/scopes/" + scope.scope() + "/no-go-gate?appBuild=1.0.0", OPERATOR));
            assertThat(gate.path("blocking").toString()).doesNotContain("ROLLBACK_OBJECTIVE_PROVEN");
        });
    }

    @Test
    void aDrillIsNeverAnIncidentsRebind() {
        PublishedScopes.Published scope = pipeline.publish(true);
        String incidentId = incidents.declare("BAD_PUBLISH", scope.scope(), Incidents.NOTHING_WRONG).path("incidentId").asText();
        // the declaration's own policies may still append; what must not appear is a rebind
        long rebindEvents = jdbc.queryForObject("select count(*) from domain_event_entry where type = 'Rebind'", Long.class);

        LedgerClient.Response refused = ledger.post("/rebinds", OPERATOR,
                Map.of("scope", scope.scope(), "incidentId", incidentId, "drill", true));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("DRILL_LINKED_TO_INCIDENT");
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where type = 'Rebind'", Long.class))
                .isEqualTo(rebindEvents);
    }

    @Test
    void aRebindForABadPublishMeetsTheObjectiveAndEveryViewShowsIt() {
        PublishedScopes.Published scope = pipeline.publish(true);
        String incidentId = incidents.declare("BAD_PUBLISH", scope.scope(), Incidents.NOTHING_WRONG).path("incidentId").asText();

        LedgerClient.Response started = ledger.post("/rebinds", OPERATOR,
                Map.of("scope", scope.scope(), "incidentId", incidentId));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        JsonNode rebind = awaitFinished(started.header("Location")).path("rebind");

        assertThat(rebind.path("phase").asText()).isEqualTo("COMPLETED");
        assertThat(rebind.path("drill").asBoolean()).isFalse();
        assertThat(rebind.path("rehearsal").asBoolean()).isFalse();
        assertThat(rebind.path("activeBefore").path("manifestId").asText()).isEqualTo(scope.badManifestId());
        assertThat(rebind.path("target").path("manifestId").asText()).isEqualTo(scope.goodManifestId());
        assertThat(rebind.path("write").path("etag").asText()).isNotBlank();
        assertThat(rebind.path("integrity").path("packSha256").asText()).isEqualTo(scope.goodPackSha256());
        assertThat(rebind.path("probes")).hasSize(2).allMatch(probe -> probe.path("passed").asBoolean());
        assertThat(rebind.path("completion").path("restoreObjectiveMet").asBoolean()).isTrue();
        assertThat(rebind.path("completion").path("integrityObjectiveMet").asBoolean()).isTrue();
        assertThat(rebind.path("started").path("actor").asText()).isEqualTo("alice");
        // linked to a BAD_PUBLISH incident: the objective counts from when the incident confirmed the bad publish
        String declaredAt = expectOk(ledger.get("/incidents/" + incidentId, OPERATOR)).path("declared").path("recordedAt").asText();
        assertThat(Instant.parse(rebind.path("badPublishConfirmedAt").asText())).isEqualTo(Instant.parse(declaredAt));
        assertThat(Instant.parse(rebind.path("restoreDeadline").asText())).isEqualTo(Instant.parse(declaredAt).plusSeconds(900));
        assertThat(Instant.parse(rebind.path("started").path("recordedAt").asText())).isAfter(Instant.parse(declaredAt));
        assertThat(rebind.path("write").path("provenance").path("actor").asText()).isEqualTo("ledger:rebind-process");

        assertThat(pipeline.activeManifest(scope.scope())).isEqualTo(scope.goodManifest());
        JsonNode manifest = expectOk(ledger.get("/scopes/" + scope.scope() + "/manifest", LedgerClient.AUDREY_AUDITOR));
        assertThat(manifest.path("active").path("manifestId").asText()).isEqualTo(scope.goodManifestId());
        assertThat(manifest.path("lastKnownGood").path("manifestId").asText()).isEqualTo(scope.goodManifestId());
        assertThat(manifest.path("integrity").asText()).isEqualTo("VERIFIED");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode incident = expectOk(ledger.get("/incidents/" + incidentId, OPERATOR));
            assertThat(incident.path("rebinds").get(0).path("outcome").asText()).isEqualTo("VERIFIED");
        });
        JsonNode evidence = expectOk(ledger.get("/incidents/" + incidentId + "/evidence", OPERATOR));
        assertThat(evidence.path("missing").toString()).doesNotContain("REBIND/VERIFIED", "ROLLBACK_OR_KILL_SWITCH_ACTION");

        // the open bad-publish incident still pauses publish; the completed rebind no longer weighs on the scope
        JsonNode posture = expectOk(ledger.get("/scopes/" + scope.scope() + "/posture", OPERATOR));
        assertThat(posture.path("publishPaused").asBoolean()).isTrue();
        assertThat(posture.path("reasons").toString()).contains(incidentId).doesNotContain(rebind.path("rebindId").asText());
        assertThat(posture.path("drills")).isEmpty();

        // the rollback metrics read the rebind view's own columns: this rebind is the latest completed one
        metrics.refresh();
        String scraped = expectOkText(ledger.get("/actuator/prometheus", LedgerClient.PROMETHEUS));
        assertThat(metric(scraped, "ledger_rebinds_completed{drill=\"false\",objective=\"met\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(scraped, "ledger_rebind_last_restore_seconds{drill=\"false\"}"))
                .isEqualTo(rebind.path("completion").path("restoreSeconds").asDouble());
        assertThat(metric(scraped, "ledger_rebind_last_integrity_seconds{drill=\"false\"}"))
                .isEqualTo(rebind.path("completion").path("integritySeconds").asDouble());
    }

    private static String expectOkText(LedgerClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text();
    }

    private static double metric(String scraped, String series) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(series) + " (\\S+)$",
                java.util.regex.Pattern.MULTILINE).matcher(scraped);
        assertThat(matcher.find()).as(series + " in the scrape").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void aTamperedPackFailsTheProbeBeforeAnythingIsWrittenAndTheIncidentBecomesSev1() {
        PublishedScopes.Published scope = pipeline.publish(true);
        byte[] tampered = "{\"rules\":[\"tampered\"]}".getBytes(StandardCharsets.UTF_8);
        pipeline.overwrite(scope.goodPackKey(), tampered);
        String etagBefore = pipeline.activeEtag(scope.scope());
        String incidentId = incidents.declare("BAD_PUBLISH", scope.scope(), Incidents.NOTHING_WRONG).path("incidentId").asText();

        JsonNode rebind = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope(), "incidentId", incidentId))
                .header("Location")).path("rebind");

        assertThat(rebind.path("phase").asText()).isEqualTo("FAILED");
        assertThat(rebind.path("failure").path("step").asText()).isEqualTo("MANIFEST_PROBE");
        assertThat(rebind.path("failure").path("reason").asText()).contains("hashes to").contains(scope.goodPackSha256())
                .contains(PublishedScopes.sha256(tampered)).contains("nothing was written");
        assertThat(rebind.path("write").isNull() || rebind.path("write").isMissingNode()).isTrue();
        assertThat(pipeline.activeManifest(scope.scope())).isEqualTo(scope.badManifest());
        assertThat(pipeline.activeEtag(scope.scope())).isEqualTo(etagBefore);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode incident = expectOk(ledger.get("/incidents/" + incidentId, OPERATOR));
            assertThat(incident.path("severity").asText()).isEqualTo("SEV1");
            assertThat(incident.path("impact").path("ROLLBACK_PATH_FAILING").asText()).isEqualTo("YES");
            assertThat(incident.path("rebinds").get(0).path("outcome").asText()).isEqualTo("FAILED");
        });
        JsonNode posture = expectOk(ledger.get("/scopes/" + scope.scope() + "/posture", OPERATOR));
        assertThat(posture.path("publishPaused").asBoolean()).isTrue();
        assertThat(posture.path("wording").asText()).isEqualTo("[Intention: Amanah] Publish remains paused for this scope until "
                + "last-known-good safety, rollback evidence, and truth checks are restored.");
    }

    @Test
    void aReadbackThatFailsAfterTheWritePutsBackTheManifestItReplaced() {
        PublishedScopes.Published scope = pipeline.publish(true);
        CORRUPTED_AFTER_WRITE.add(scope.scope());
        String incidentId = incidents.declare("BAD_PUBLISH", scope.scope(), Incidents.NOTHING_WRONG).path("incidentId").asText();
        String location = ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope(), "incidentId", incidentId))
                .header("Location");

        JsonNode[] restored = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = expectOk(ledger.get(location, OPERATOR)).path("rebind");
            assertThat(view.path("restore").path("restored").asBoolean()).as(view.toString()).isTrue();
            restored[0] = view;
        });
        JsonNode rebind = restored[0];
        assertThat(rebind.path("phase").asText()).isEqualTo("FAILED");
        assertThat(rebind.path("failure").path("step").asText()).isEqualTo("INTEGRITY_READBACK");
        assertThat(rebind.path("restore").path("manifestId").asText()).isEqualTo(scope.badManifestId());
        assertThat(rebind.path("restore").path("provenance").path("actor").asText()).isEqualTo("ledger:rebind-process");
        // the bytes that were active before the rebind are active again, under the ETag the restore recorded
        assertThat(pipeline.activeManifest(scope.scope())).isEqualTo(scope.badManifest());
        assertThat(pipeline.activeEtag(scope.scope())).isEqualTo(rebind.path("restore").path("etag").asText());
        JsonNode manifest = expectOk(ledger.get("/scopes/" + scope.scope() + "/manifest", OPERATOR));
        assertThat(manifest.path("active").path("manifestId").asText()).isEqualTo(scope.badManifestId());
    }

    @Test
    void rollbackConfidenceMustNameACompletedVerifiedRebindOfTheSameScopeAndAFailedLocalityBlocksRelease() {
        PublishedScopes.Published scope = pipeline.publish(true);
        PublishedScopes.Published other = pipeline.publish(true);
        String completed = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope())).header("Location"))
                .path("rebind").path("rebindId").asText();
        String otherScopes = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", other.scope())).header("Location"))
                .path("rebind").path("rebindId").asText();
        // the active manifest now equals the target, but LKG is gone: this one fails at the probe
        pipeline.overwrite("manifests/" + scope.scope() + "/last-known-good.json", "not json".getBytes(StandardCharsets.UTF_8));
        JsonNode failed = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope())).header("Location"))
                .path("rebind");
        assertThat(failed.path("phase").asText()).isEqualTo("FAILED");

        String killSwitch = expectCreated(ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope.scope(),
                "reason", "v2 pack has no collection days")));
        String path = "/kill-switches/" + killSwitch;
        for (String notProof : new String[]{"rb-doesnotexist", otherScopes, failed.path("rebindId").asText()}) {
            LedgerClient.Response refused = ledger.post(path + "/rollback-confidence", OPERATOR,
                    Map.of("evidence", "trust me", "rebindReference", notProof));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.code()).isEqualTo("ROLLBACK_REBIND_NOT_PROOF");
            assertThat(refused.contentType()).contains("application/problem+json");
        }
        expectOk(ledger.post(path + "/rollback-confidence", OPERATOR,
                Map.of("evidence", "rebind " + completed + " verified", "rebindReference", completed)));
        expectOk(ledger.post(path + "/clean-runs", OPERATOR, Map.of("runReference", "nightly-1", "evidence", "clean")));
        expectOk(ledger.post(path + "/validations", OPERATOR, Map.of("results", java.util.List.of(
                Map.of("locality", "se-stockholm", "outcome", "PASSED"), Map.of("locality", "se-malmo", "outcome", "FAILED")))));

        LedgerClient.Response blocked = ledger.post(path + "/release", OPERATOR, Map.of("reason", "looks fine"));
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.json().path("missing").toString()).contains("TARGETED_VALIDATION/se-malmo");

        expectOk(ledger.post(path + "/validations", OPERATOR, Map.of("results", java.util.List.of(
                Map.of("locality", "se-malmo", "outcome", "PASSED")))));
        JsonNode released = expectOk(ledger.post(path + "/release", OPERATOR, Map.of("reason", "malmo passes again")));
        assertThat(released.path("active").asBoolean()).isFalse();
    }

    private String expectCreated(LedgerClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("killSwitchId").asText();
    }

    @Test
    void evidenceRecordsDescribeThePickedKillSwitchAndRebindNotTheScopesLatest() {
        PublishedScopes.Published scope = pipeline.publish(true);
        String[] parts = scope.scope().split("/");
        String incidentId = incidents.declare("BAD_PUBLISH", scope.scope(), Incidents.NOTHING_WRONG).path("incidentId").asText();
        String realSwitch = expectCreated(ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope.scope(),
                "reason", "v2 pack has no collection days", "incidentId", incidentId)));
        byte[] goodPack = pipeline.read(scope.goodPackKey());
        pipeline.overwrite(scope.goodPackKey(), "{\"rules\":[\"tampered\"]}".getBytes(StandardCharsets.UTF_8));
        JsonNode failed = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope(), "incidentId", incidentId))
                .header("Location")).path("rebind");
        assertThat(failed.path("phase").asText()).isEqualTo("FAILED");
        // later, a drill on the same scope: it becomes the scope's latest kill switch and rebind
        pipeline.overwrite(scope.goodPackKey(), goodPack);
        expectCreated(ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope.scope(),
                "reason", "quarterly drill", "drill", true)));
        awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope(), "drill", true)).header("Location"));

        String recordPath = "/evidence-records/bad-pack-kill-switch-manifest-rebind?scope=%s&scope-id=%s".formatted(parts[0], parts[1]);
        JsonNode picked = expectOk(ledger.get(recordPath + "&kill-switch=" + realSwitch + "&rebind=" + failed.path("rebindId").asText(),
                OPERATOR));
        assertThat(picked.path("subject").asText()).contains(realSwitch).contains(failed.path("rebindId").asText());
        assertThat(picked.toString()).contains("REBIND_FAILED").contains("MANIFEST_PROBE").contains(scope.goodPackSha256())
                .contains("v2 pack has no collection days");
        JsonNode byIncident = expectOk(ledger.get(recordPath + "&incident=" + incidentId, OPERATOR));
        assertThat(byIncident.path("subject").asText()).contains(realSwitch).contains(failed.path("rebindId").asText());
        JsonNode latest = expectOk(ledger.get(recordPath, OPERATOR));
        assertThat(latest.path("subject").asText()).doesNotContain(realSwitch);

        LedgerClient.Response unknown = ledger.get(recordPath + "&kill-switch=ks-doesnotexist", OPERATOR);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("KILL_SWITCH_NOT_FOUND");
    }

    @Test
    void aMissingLastKnownGoodFailsTheManifestProbe() {
        PublishedScopes.Published scope = pipeline.publish(false);
        JsonNode rebind = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope())).header("Location"))
                .path("rebind");
        assertThat(rebind.path("phase").asText()).isEqualTo("FAILED");
        assertThat(rebind.path("failure").path("step").asText()).isEqualTo("MANIFEST_PROBE");
        assertThat(rebind.path("failure").path("reason").asText()).contains("no last known good");
        assertThat(pipeline.activeManifest(scope.scope())).isEqualTo(scope.badManifest());
        // the scope's manifest view names the failed rebind and why, rather than answering 404
        JsonNode manifest = expectOk(ledger.get("/scopes/" + scope.scope() + "/manifest", OPERATOR));
        assertThat(manifest.path("lastRebindId").asText()).isEqualTo(rebind.path("rebindId").asText());
        assertThat(manifest.path("lastRebindPhase").asText()).isEqualTo("FAILED");
        assertThat(manifest.path("lastFailure").path("step").asText()).isEqualTo("MANIFEST_PROBE");
        assertThat(manifest.path("lastFailure").path("reason").asText()).contains("no last known good");
    }

    @Test
    void aDrillKillSwitchFreezesGraduationNeitherInItsViewNorInThePosture() {
        PublishedScopes.Published scope = pipeline.publish(true);
        JsonNode drill = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope.scope(),
                "reason", "quarterly drill", "drill", true)).json();
        assertThat(drill.path("active").asBoolean()).isTrue();
        assertThat(drill.path("graduationFrozen").asBoolean()).isFalse();
        JsonNode posture = expectOk(ledger.get("/scopes/" + scope.scope() + "/posture", OPERATOR));
        assertThat(posture.path("graduationFrozen").asBoolean()).isFalse();

        JsonNode real = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "BAD_PACK", "scope", scope.scope(),
                "reason", "v2 pack has no collection days")).json();
        assertThat(real.path("graduationFrozen").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                expectOk(ledger.get("/scopes/" + scope.scope() + "/posture", OPERATOR)).path("graduationFrozen").asBoolean()).isTrue());
    }

    @Test
    void aConcurrentPublishIsNeverOverwritten() {
        PublishedScopes.Published scope = pipeline.publish(true);
        CONTENDED.add(scope.scope());
        JsonNode rebind = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope())).header("Location"))
                .path("rebind");
        assertThat(rebind.path("phase").asText()).isEqualTo("FAILED");
        assertThat(rebind.path("failure").path("step").asText()).isEqualTo("ACTIVE_WRITE");
        assertThat(new String(pipeline.activeManifest(scope.scope()), StandardCharsets.UTF_8)).contains("published-meanwhile");
    }

    @Test
    void aFailingResolverFailsThePostRollbackProbes() {
        PublishedScopes.Published scope = pipeline.publish(true);
        RESOLVER.failFor(scope.scope());
        JsonNode rebind = awaitFinished(ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope())).header("Location"))
                .path("rebind");
        assertThat(rebind.path("phase").asText()).isEqualTo("FAILED");
        assertThat(rebind.path("failure").path("step").asText()).isEqualTo("RESOLUTION_PROBES");
        assertThat(rebind.path("probes")).allMatch(probe -> probe.path("status").asInt() == 503);
        assertThat(rebind.path("integrity").path("packSha256").asText()).isEqualTo(scope.goodPackSha256());
    }

    @Test
    void replayingTheViewsWritesNothingToStorageAndRecordsNothing() {
        PublishedScopes.Published scope = pipeline.publish(true);
        String location = ledger.post("/rebinds", OPERATOR, Map.of("scope", scope.scope(), "drill", true)).header("Location");
        JsonNode before = awaitFinished(location);
        String etag = pipeline.activeEtag(scope.scope());
        long events = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);

        for (String policy : new String[]{"rebind-process", "rebind-incident-link", "kill-switch-incident-link"}) {
            assertThat(processing.eventProcessorByProcessingGroup(policy, StreamingEventProcessor.class).orElseThrow()
                    .supportsReset()).as("%s must refuse to replay its side effects", policy).isFalse();
        }
        for (String view : new String[]{"rebinds", "scope-posture", "incident-views", "kill-switches"}) {
            StreamingEventProcessor processor = processing.eventProcessorByProcessingGroup(view, StreamingEventProcessor.class)
                    .orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(expectOk(ledger.get(location, OPERATOR))).isEqualTo(before));

        assertThat(pipeline.activeEtag(scope.scope())).isEqualTo(etag);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class)).isEqualTo(events);
    }

    private JsonNode awaitFinished(String location) {
        assertThat(location).startsWith("/rebinds/");
        JsonNode[] finished = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = expectOk(ledger.get(location, OPERATOR));
            assertThat(view.path("rebind").path("phase").asText()).isIn("COMPLETED", "FAILED");
            finished[0] = view;
        });
        return finished[0];
    }
}
