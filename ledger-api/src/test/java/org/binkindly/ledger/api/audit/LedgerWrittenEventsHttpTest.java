package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3ManifestStore;
import org.binkindly.ledger.adapters.s3.S3Settings;
import org.binkindly.ledger.api.support.AlertmanagerPayloads;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.PublishedScopes;
import org.binkindly.ledger.api.support.StubResolver;
import org.binkindly.ledger.core.alert.policy.AlertCorrelationPolicy;
import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.freshness.PackFreshnessWatch;
import org.binkindly.ledger.core.killswitch.policy.KillSwitchIncidentLink;
import org.binkindly.ledger.core.rebind.policy.RebindProcess;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * Every event in the log names who wrote it. The test drives each kind of event the ledger writes by itself (an
 * alert's incident adopted, a drill's steps, an objective timer's breach, the stale-pack watch's alert, a kill switch
 * linked to its incident), then reads the whole log as stored and checks: every event has an actor and a source; an
 * event the ledger wrote has the actor {@code ledger:<component>} and the source {@code ledger}, and carries the
 * correlation ({@code traceId}) of the event that caused it, which its {@code causationId} names; an alert routed
 * from a delivery's receipt stays the delivering caller's, caused by that receipt, in its correlation.
 */
// an application with settings of its own, closed when the class ends rather than kept idle (CachedApplicationsTest)
@DirtiesContext
class LedgerWrittenEventsHttpTest extends LedgerHttpTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;
    private static final String WATCHED_SCOPE = "locality/watch-town";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rebind.OBJECTIVE_TIMER (the aggregate is package-private to its domain). */
    private static final String OBJECTIVE_TIMER = "ledger:rebind-objective-timer";
    private static final EmbeddedObjectStore STORAGE;
    private static final S3Settings SETTINGS;
    private static final StubResolver RESOLVER;

    static {
        try {
            STORAGE = EmbeddedObjectStore.start(Files.createTempDirectory("actor-storage"), "binkindly-packs");
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

    @AfterAll
    static void stopStorage() {
        RESOLVER.close();
        STORAGE.close();
    }

    @Autowired
    EventLog eventLog;

    @Test
    void everyEventTheLedgerWritesItselfNamesItsComponentAndCarriesTheCorrelationOfItsCause() throws Exception {
        Incidents incidents = new Incidents(ledger);

        // an alert opens an incident (the intake's caller), and a person's declaration is adopted by the correlation policy
        JsonNode alerted = expectOk(ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER, AlertmanagerPayloads.delivery(0,
                AlertmanagerPayloads.firing("PublishBlocked", Incidents.freshScope(), "7e1a2b3c4d5e6f70",
                        Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS)))));
        assertThat(alerted.path("opened").asInt()).isEqualTo(1);
        incidents.declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG);

        // a kill switch linked to its incident: the link policy records it on the incident
        String aiScope = Incidents.freshScope();
        String aiIncident = incidents.declare("AI_LANE_INSTABILITY", aiScope, Incidents.NOTHING_WRONG).path("incidentId").asText();
        LedgerClient.Response activated = ledger.post("/kill-switches", OPERATOR, Map.of("kind", "AI_LANE", "scope", aiScope,
                "reason", "malformed AI output spiked", "incidentId", aiIncident));
        assertThat(activated.status()).as(activated.toString()).isEqualTo(201);

        // a drill: every step after the start is the rebind process's
        try (PublishedScopes pipeline = new PublishedScopes(SETTINGS)) {
            PublishedScopes.Published drilled = pipeline.publish(true);
            LedgerClient.Response drill = ledger.post("/rebinds", OPERATOR, Map.of("scope", drilled.scope(), "drill", true));
            assertThat(drill.status()).as(drill.toString()).isEqualTo(201);

            // the stale-pack watch: a pack two hours old on a watched scope becomes an alert, and the alert an incident
            byte[] stale = ("{\"manifestId\":\"watch-town-v1\",\"scope\":\"%s\",\"packKey\":\"packs/%s/v1.json\","
                    + "\"packSha256\":\"%s\",\"publishedAt\":\"%s\"}").formatted(WATCHED_SCOPE, WATCHED_SCOPE, "0".repeat(64),
                    Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)).getBytes(StandardCharsets.UTF_8);
            pipeline.overwrite(pipeline.activeKey(WATCHED_SCOPE), stale);
        }
        expectOk(ledger.post("/stale-pack/checks", OPERATOR, Map.of()));

        // an objective timer: the restore deadline of a rebind confirmed 14m57s ago falls 3 seconds from now
        LedgerClient.Response timed = ledger.post("/rebinds", OPERATOR, Map.of("scope", Incidents.freshScope(), "mode", "MANUAL",
                "badPublishConfirmedAt", Instant.now().minus(Duration.ofMinutes(15)).plusSeconds(3).toString()));
        assertThat(timed.status()).as(timed.toString()).isEqualTo(201);

        Set<String> components = Set.of(AlertCorrelationPolicy.ACTOR, KillSwitchIncidentLink.ACTOR, RebindProcess.ACTOR,
                PackFreshnessWatch.ACTOR, OBJECTIVE_TIMER);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(actorsIn(eventLog.readAfter(0, Integer.MAX_VALUE))).containsAll(components));
        // the drill runs to its end before the log is read as a whole
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventLog.readAfter(0, Integer.MAX_VALUE))
                .anyMatch(event -> event.payloadType().endsWith(".RebindCompleted") || event.payloadType().endsWith(".RebindFailed")));

        List<AuditEvent> log = eventLog.readAfter(0, Integer.MAX_VALUE);
        Map<String, AuditEvent> byId = new HashMap<>();
        Map<String, JsonNode> metadataOf = new HashMap<>();
        for (AuditEvent event : log) {
            byId.put(event.eventId(), event);
            metadataOf.put(event.eventId(), JSON.readTree(event.metadata()));
        }
        int caused = 0;
        int timed0 = 0;
        int routedFromReceipts = 0;
        for (AuditEvent event : log) {
            JsonNode metadata = metadataOf.get(event.eventId());
            String actor = metadata.path(MetadataKeys.ACTOR).asText("");
            String described = event + " " + metadata;
            assertThat(actor).as("actor of " + described).isNotBlank();
            assertThat(metadata.path(MetadataKeys.ACTOR_SOURCE).asText("")).as("source of " + described).isNotBlank();
            String traceId = metadata.path(MetadataKeys.TRACE_ID).asText("");
            assertThat(traceId).as("correlation of " + described).isNotBlank();
            if (!actor.startsWith(MetadataKeys.RESERVED_ACTOR_PREFIX)) {
                String cause = metadata.path(MetadataKeys.CAUSATION_ID).asText("");
                if (!cause.isEmpty()) {
                    // routed from a delivery the caller put on record: still the caller's, caused by that receipt
                    assertThat(byId.get(cause)).as("the cause of " + described).isNotNull();
                    assertThat(byId.get(cause).payloadType()).as(described).endsWith(".AlertDeliveryReceived");
                    assertThat(metadataOf.get(cause).path(MetadataKeys.ACTOR).asText()).as(described).isEqualTo(actor);
                    assertThat(metadataOf.get(cause).path(MetadataKeys.TRACE_ID).asText()).as(described).isEqualTo(traceId);
                    routedFromReceipts++;
                    continue;
                }
                // a caller's command: its cause is the request, no event
                continue;
            }
            assertThat(actor).as(described).matches("ledger:[a-z][a-z-]+");
            assertThat(metadata.path(MetadataKeys.ACTOR_SOURCE).asText()).as(described).isEqualTo("ledger");
            if (OBJECTIVE_TIMER.equals(actor)) {
                // a timer is no event's reaction: it carries the correlation of the command that started it
                AuditEvent started = log.stream().filter(other -> other.aggregateId().equals(event.aggregateId())
                        && other.sequenceNumber() == 0).findFirst().orElseThrow();
                assertThat(metadataOf.get(started.eventId()).path(MetadataKeys.TRACE_ID).asText()).as(described).isEqualTo(traceId);
                timed0++;
                continue;
            }
            String causationId = metadata.path(MetadataKeys.CAUSATION_ID).asText("");
            if (causationId.isEmpty()) {
                // only the watch's own schedule starts a chain of its own: its check is the root of its correlation
                assertThat(actor).as("causation of " + described).isEqualTo(PackFreshnessWatch.ACTOR);
                assertThat(traceId).as(described).isEqualTo(metadata.path(MetadataKeys.CORRELATION_ID).asText());
                continue;
            }
            AuditEvent cause = byId.get(causationId);
            assertThat(cause).as("the cause of " + described + " is in the log").isNotNull();
            assertThat(cause.position()).as(described).isLessThan(event.position());
            assertThat(metadataOf.get(causationId).path(MetadataKeys.TRACE_ID).asText())
                    .as("correlation of " + described + " equals its cause's").isEqualTo(traceId);
            caused++;
        }
        assertThat(caused).isGreaterThanOrEqualTo(components.size() - 1);
        assertThat(timed0).isGreaterThanOrEqualTo(1);
        assertThat(routedFromReceipts).as("events routed from an alert delivery's receipt").isPositive();
    }

    private Set<String> actorsIn(List<AuditEvent> events) throws IOException {
        Set<String> actors = new TreeSet<>();
        for (AuditEvent event : events) {
            actors.add(JSON.readTree(event.metadata()).path(MetadataKeys.ACTOR).asText(""));
        }
        return actors;
    }
}
