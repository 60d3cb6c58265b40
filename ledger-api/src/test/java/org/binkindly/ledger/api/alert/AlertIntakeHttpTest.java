package org.binkindly.ledger.api.alert;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.Snapshotter;
import org.binkindly.ledger.api.config.AggregateSnapshotThread;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.alert.policy.AlertCorrelationPolicy;
import org.binkindly.ledger.core.alert.policy.AlertDeliveryRouting;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.api.support.AlertmanagerPayloads.delivery;
import static org.binkindly.ledger.api.support.AlertmanagerPayloads.firing;
import static org.binkindly.ledger.api.support.AlertmanagerPayloads.resolved;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/** Real Alertmanager payloads posted over HTTP to the running ledger, and the incidents that result. */
class AlertIntakeHttpTest extends LedgerHttpTest {

    /** Waits for routing, so the answer says what became of each alert (the 202 path is tested on its own). */
    private static final String WEBHOOK = "/alerts/alertmanager?wait=PT30S";
    private static final String AM = LedgerClient.ALERTMANAGER;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private Cache alertPathAggregateCache;
    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private Snapshotter snapshotter;
    @Autowired
    private AggregateSnapshotThread snapshotThread;

    private static final Instant STARTED = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @Test
    void impactLabelsThatStateNothingAreKeptOnTheAlertsRecord() {
        String scope = Incidents.freshScope();
        Map<String, Object> alert = firing("PublishBlocked", scope, "1a2b3c4d5e6f7081", STARTED);
        @SuppressWarnings("unchecked")
        Map<String, String> labels = (Map<String, String>) alert.get("labels");
        labels.put("impact_bogus", "yes");
        labels.put("impact_fallback_path_spiking", "perhaps");
        JsonNode answer = post(delivery(0, alert));
        assertThat(answer.path("opened").asInt()).isEqualTo(1);

        JsonNode deliveries = expectOk(ledger.get("/alerts/deliveries?limit=50", LedgerClient.AUDREY_AUDITOR));
        String recorded = null;
        for (JsonNode recordedDelivery : deliveries) {
            if (recordedDelivery.path("deliveryId").asText().equals(answer.path("deliveryId").asText())) {
                recorded = recordedDelivery.toString();
            }
        }
        assertThat(recorded).as("the delivery on record").isNotNull()
                .contains("impact_bogus").contains("names no impact fact")
                .contains("impact_fallback_path_spiking").contains("not yes or no");
    }

    /**
     * A repeat is answered from the delivery's record without waiting for the alert-correlation policy:
     * with that policy held behind the head of the log (its token row locked, so it cannot move), a repeat
     * still answers at once, where waiting would take the whole read-your-writes timeout.
     */
    @Test
    void anExactRepeatIsAnsweredWithoutWaitingForThePolicies() throws Exception {
        String scope = Incidents.freshScope();
        Map<String, Object> payload = delivery(0, firing("PublishBlocked", scope, "5a1b2c3d4e5f6075", STARTED));
        JsonNode first = post(payload);
        assertThat(first.path("opened").asInt()).isEqualTo(1);

        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select 1 from token_entry where processor_name = ? for update")) {
                lock.setString(1, AlertCorrelationPolicy.PROCESSING_GROUP);
                lock.executeQuery().close();
            }
            // an event the policy handles, after which it cannot store its position while the lock holds
            new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);

            long started = System.nanoTime();
            JsonNode again = post(payload);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(again.path("repeatedDelivery").asBoolean()).isTrue();
            assertThat(again.path("duplicates").asInt()).isEqualTo(1);
            assertThat(took).as("the repeat waited for the alert-correlation policy").isLessThan(Duration.ofSeconds(5));
            holder.rollback();
        }
    }

    /**
     * The webhook acknowledges a delivery once it is on record, before routing it. With routing stopped (as on a
     * node killed right after answering), a delivery is answered 202 with where to read it, a re-send is the same
     * delivery and writes nothing, and nothing is routed; once routing runs again it routes what was acknowledged,
     * once.
     */
    @Test
    void aDeliveryIsAcknowledgedOnceOnRecordAndRoutedFromThatRecord() throws Exception {
        String scope = Incidents.freshScope();
        Map<String, Object> payload = delivery(0, firing("PublishBlocked", scope, "ac4a0c4a0c4a0c01", STARTED));
        StreamingEventProcessor routing = processing.eventProcessor(AlertDeliveryRouting.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        routing.shutDown();
        String location;
        try {
            LedgerClient.Response first = ledger.post("/alerts/alertmanager", AM, payload);
            assertThat(first.status()).as(first.toString()).isEqualTo(202);
            assertThat(first.json().path("routed").asBoolean()).isFalse();
            assertThat(first.json().path("repeatedDelivery").asBoolean()).isFalse();
            assertThat(first.json().path("alerts").asInt()).isEqualTo(1);
            location = first.header("Location");
            assertThat(location).isEqualTo("/alerts/deliveries/" + first.json().path("deliveryId").asText());
            JsonNode pending = expectOk(ledger.get(location, LedgerClient.AUDREY_AUDITOR));
            assertThat(pending.path("routed").asBoolean()).isFalse();
            assertThat(pending.path("alertCount").asInt()).isEqualTo(1);
            assertThat(pending.path("outcomes")).isEmpty();

            LedgerClient.Response again = ledger.post("/alerts/alertmanager?wait=PT0S", AM, payload);
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            assertThat(again.json().path("repeatedDelivery").asBoolean()).isTrue();
            assertThat(incidentsOf(scope)).isEmpty();
        } finally {
            routing.start();
        }
        JsonNode routed = null;
        for (int attempt = 0; attempt < 300 && (routed == null || !routed.path("routed").asBoolean()); attempt++) {
            Thread.sleep(100);
            routed = expectOk(ledger.get(location, LedgerClient.AUDREY_AUDITOR));
        }
        assertThat(routed.path("routed").asBoolean()).as(routed.toString()).isTrue();
        assertThat(routed.path("outcomes").findValuesAsText("result")).containsExactly("OPENED");
        assertThat(incidentsOf(scope)).hasSize(1);
        JsonNode repeat = post(payload);
        assertThat(repeat.path("repeatedDelivery").asBoolean()).isTrue();
        assertThat(repeat.path("duplicates").asInt()).isEqualTo(1);
        assertThat(ledger.get("/alerts/deliveries/dlv-" + "0".repeat(32), LedgerClient.AUDREY_AUDITOR).status()).isEqualTo(404);
        assertThat(ledger.get("/alerts/deliveries/not-a-delivery", LedgerClient.AUDREY_AUDITOR).status()).isEqualTo(400);
        assertThat(ledger.post("/alerts/alertmanager?wait=PT2M", AM, payload).status()).isEqualTo(400);
    }

    @Test
    void aFiringAlertOpensAnIncidentAndTheSameDeliveryAgainChangesNothing() {
        String scope = Incidents.freshScope();
        Map<String, Object> payload = delivery(0, firing("PublishBlocked", scope, "0a1b2c3d4e5f6071", STARTED));

        JsonNode first = post(payload);
        assertThat(first.path("opened").asInt()).isEqualTo(1);
        assertThat(first.path("repeatedDelivery").asBoolean()).isFalse();

        JsonNode again = post(payload);
        assertThat(again.path("repeatedDelivery").asBoolean()).isTrue();
        assertThat(again.path("opened").asInt()).isZero();
        assertThat(again.path("duplicates").asInt()).isEqualTo(1);
        assertThat(again.path("deliveryId").asText()).isEqualTo(first.path("deliveryId").asText());

        JsonNode incidents = incidentsOf(scope);
        assertThat(incidents).hasSize(1);
        JsonNode incident = expectOk(ledger.get("/incidents/" + incidents.get(0).path("incidentId").asText(),
                LedgerClient.ALICE_OPERATOR));
        assertThat(incident.path("incidentClass").asText()).isEqualTo("PUBLISH_FAILURE");
        assertThat(incident.path("severity").asText()).isEqualTo("SEV2");
        assertThat(incident.path("trigger").path("kind").asText()).isEqualTo("ALERT");
        assertThat(incident.path("trigger").path("detail").asText()).startsWith("PublishBlocked (fingerprint 0a1b2c3d4e5f6071");
        assertThat(incident.path("declared").path("actor").asText()).isEqualTo("alertmanager");
        assertThat(incident.path("detectedAt").asText()).isEqualTo(STARTED.toString());
        assertThat(incident.path("checklist").findValuesAsText("itemId")).contains("ALERT_FIRST_ACTION", "PF_IDENTIFY_FAILING_STAGE");
        assertThat(incident.path("alerts")).hasSize(1);
        assertThat(incident.path("alerts").get(0).path("fingerprint").asText()).isEqualTo("0a1b2c3d4e5f6071");
    }

    @Test
    void anAlertStormAndRepeatedGroupsAttachToOneIncident() {
        String scope = Incidents.freshScope();
        List<Map<String, Object>> storm = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            storm.add(firing("StalePack", scope, "%016x".formatted(1000 + i), STARTED.plusSeconds(i)));
        }
        JsonNode first = post(delivery(0, storm.subList(0, 10).toArray(Map[]::new)));
        assertThat(first.path("opened").asInt()).isEqualTo(1);
        assertThat(first.path("attached").asInt()).isEqualTo(9);
        // Alertmanager re-sends the group with more alerts in it: the old ones are duplicates, the new ones attach
        JsonNode grown = post(delivery(0, storm.toArray(Map[]::new)));
        assertThat(grown.path("opened").asInt()).isZero();
        assertThat(grown.path("duplicates").asInt()).isEqualTo(10);
        assertThat(grown.path("attached").asInt()).isEqualTo(15);

        JsonNode incidents = incidentsOf(scope);
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).path("incidentClass").asText()).isEqualTo("STALE_PACK");
        JsonNode incident = expectOk(ledger.get("/incidents/" + incidents.get(0).path("incidentId").asText(), LedgerClient.ALICE_OPERATOR));
        assertThat(incident.path("alerts")).hasSize(25);
    }

    /**
     * An incident past the snapshot threshold is snapshotted (so is its correlation), and once the cache no
     * longer holds them, the next delivery is decided from those snapshots plus the events after them:
     * every firing before the snapshot is still known (a re-sent one is a duplicate, a resolution finds it).
     */
    @Test
    void anIncidentOfManyAlertsIsSnapshottedAndADeliveryAfterTheCacheIsEmptiedStillKnowsEveryFiring() throws Exception {
        String scope = Incidents.freshScope();
        String incidentId = null;
        int opened = 0;
        int attached = 0;
        // 520 firings in deliveries of 40, each well inside the client's timeout on a busy machine
        for (int from = 0; from < 520; from += 40) {
            List<Map<String, Object>> group = new ArrayList<>();
            for (int i = from; i < from + 40; i++) {
                group.add(firing("PublishBlocked", scope, "%016x".formatted(600_000 + i), STARTED));
            }
            JsonNode answer = post(delivery(0, group.toArray(Map[]::new)));
            opened += answer.path("opened").asInt();
            attached += answer.path("attached").asInt();
            incidentId = answer.path("report").path("outcomes").get(0).path("incidentId").asText();
        }
        assertThat(opened).isEqualTo(1);
        assertThat(attached).isEqualTo(519);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String aggregate : List.of(incidentId, "alerts:PUBLISH_FAILURE:" + scope)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (snapshotsOf(jdbc, aggregate) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(snapshotsOf(jdbc, aggregate)).as("snapshots of " + aggregate).isEqualTo(1);
        }

        alertPathAggregateCache.removeAll();
        Instant endsAt = STARTED.plusSeconds(60);
        JsonNode after = post(delivery(0, firing("PublishBlocked", scope, "%016x".formatted(600_003), STARTED),
                firing("PublishBlocked", scope, "%016x".formatted(600_520), STARTED),
                resolved("PublishBlocked", scope, "%016x".formatted(600_007), STARTED, endsAt)));
        assertThat(after.path("duplicates").asInt()).isEqualTo(1);
        assertThat(after.path("attached").asInt()).isEqualTo(1);
        assertThat(after.path("opened").asInt()).isZero();
        assertThat(after.path("resolutions").asInt()).isEqualTo(1);

        assertThat(incidentsOf(scope)).hasSize(1);
        JsonNode incident = expectOk(ledger.get("/incidents/" + incidentId, LedgerClient.ALICE_OPERATOR));
        assertThat(incident.path("alerts")).hasSize(521);
        assertThat(incident.path("alerts").findValuesAsText("endsAt").stream().filter(value -> !value.isEmpty() && !"null".equals(value)))
                .containsExactly(endsAt.toString());
    }

    /**
     * A snapshot is taken on the snapshotter's own thread: with that thread held, asking for one returns at
     * once and writes nothing, and the snapshot follows once the thread is free. Axon's default takes it in
     * the asking thread, which for a command is before its answer leaves.
     */
    @Test
    void aSnapshotIsTakenOnTheSnapshottersOwnThreadNotTheAskingOne() throws Exception {
        String scope = Incidents.freshScope();
        JsonNode answer = post(delivery(0, firing("PublishBlocked", scope, "%016x".formatted(700_000), STARTED)));
        String incidentId = answer.path("report").path("outcomes").get(0).path("incidentId").asText();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        CountDownLatch release = new CountDownLatch(1);
        snapshotThread.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            snapshotter.scheduleSnapshot(Class.forName("org.binkindly.ledger.core.incident.Incident"), incidentId);

            assertThat(snapshotsOf(jdbc, incidentId)).as("taken while its thread is held").isZero();
        } finally {
            release.countDown();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (snapshotsOf(jdbc, incidentId) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(snapshotsOf(jdbc, incidentId)).isEqualTo(1);
    }

    private static long snapshotsOf(JdbcTemplate jdbc, String aggregateId) {
        return jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?", Long.class, aggregateId);
    }

    @Test
    void deliveriesArrivingAtTheSameMomentNeverOpenASecondIncident() throws Exception {
        String scope = Incidents.freshScope();
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LedgerClient.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < parallel; i++) {
                Map<String, Object> payload = delivery(0, firing("FallbackSpike", scope, "%016x".formatted(77_000 + i), STARTED));
                Callable<LedgerClient.Response> call = () -> {
                    start.await();
                    return ledger.post(WEBHOOK, AM, payload);
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            int opened = 0;
            for (Future<LedgerClient.Response> answer : answers) {
                LedgerClient.Response response = answer.get();
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                opened += response.json().path("opened").asInt();
            }
            assertThat(opened).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        JsonNode incidents = incidentsOf(scope);
        assertThat(incidents).hasSize(1);
        JsonNode incident = expectOk(ledger.get("/incidents/" + incidents.get(0).path("incidentId").asText(), LedgerClient.ALICE_OPERATOR));
        assertThat(incident.path("alerts")).hasSize(parallel);
    }

    @Test
    void aResolvedAlertIsRecordedOnItsIncidentWhichStaysOpen() {
        String scope = Incidents.freshScope();
        post(delivery(0, firing("PublishBlocked", scope, "1111222233334444", STARTED)));
        Instant endsAt = STARTED.plusSeconds(300);

        JsonNode answer = post(delivery(0, resolved("PublishBlocked", scope, "1111222233334444", STARTED, endsAt)));
        assertThat(answer.path("resolutions").asInt()).isEqualTo(1);
        assertThat(post(delivery(0, resolved("PublishBlocked", scope, "1111222233334444", STARTED, endsAt)))
                .path("repeatedDelivery").asBoolean()).isTrue();

        JsonNode incident = expectOk(ledger.get("/incidents/" + incidentsOf(scope).get(0).path("incidentId").asText(),
                LedgerClient.ALICE_OPERATOR));
        assertThat(incident.path("status").asText()).isEqualTo("OPEN");
        assertThat(incident.path("alerts").get(0).path("endsAt").asText()).isEqualTo(endsAt.toString());
    }

    @Test
    void aFiringAfterItsIncidentClosedOpensANewOneButTheOldFiringResentDoesNot() {
        String scope = Incidents.freshScope();
        Map<String, Object> old = delivery(0, firing("PublishBlocked", scope, "5555666677778888", STARTED));
        String first = post(old).path("report").path("outcomes").get(0).path("incidentId").asText();
        new Incidents(ledger).evidenceEverything(first);
        expectOk(ledger.post("/incidents/" + first + "/closure", LedgerClient.OLIVIA_OWNER,
                Map.of("postIncidentRecord", "publish path passes again")));

        JsonNode resent = post(delivery(0, firing("PublishBlocked", scope, "5555666677778888", STARTED),
                firing("Unrelated", scope, "9", STARTED)));
        assertThat(resent.path("opened").asInt()).isZero();
        assertThat(resent.path("duplicates").asInt()).isEqualTo(1);

        JsonNode again = post(delivery(0, firing("PublishBlocked", scope, "5555666677778888", STARTED.plusSeconds(120))));
        assertThat(again.path("opened").asInt()).isEqualTo(1);
        String second = again.path("report").path("outcomes").get(0).path("incidentId").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(incidentsOf(scope)).hasSize(2);
    }

    @Test
    void truncatedAndUnmappedAlertsAreKeptVisiblyAndAnsweredWith2xx() {
        String scope = Incidents.freshScope();
        JsonNode answer = post(delivery(7, firing("DiskFull", scope, "abcdef0123456789", STARTED),
                firing("PublishBlocked", null, "abcdef0123456780", STARTED)));
        assertThat(answer.path("unmapped").asInt()).isEqualTo(2);
        assertThat(answer.path("lostAlerts").asInt()).isEqualTo(7);

        JsonNode unmapped = expectOk(ledger.get("/alerts/unmapped", LedgerClient.AUDREY_AUDITOR));
        List<String> reasons = new ArrayList<>();
        unmapped.forEach(row -> {
            if (row.path("deliveryId").asText().equals(answer.path("deliveryId").asText())) {
                reasons.add(row.path("reason").asText());
            }
        });
        assertThat(reasons).hasSize(2).anyMatch(reason -> reason.contains("no row for alertname 'DiskFull'"))
                .anyMatch(reason -> reason.contains("has no scope"));
        JsonNode lost = expectOk(ledger.get("/alerts/lost", LedgerClient.ALICE_OPERATOR));
        assertThat(lost.path("totalLostAlerts").asLong()).isGreaterThanOrEqualTo(7);
        assertThat(lost.path("deliveries").findValuesAsText("deliveryId")).contains(answer.path("deliveryId").asText());
        assertThat(incidentsOf(scope)).isEmpty();
    }

    @Test
    void malformedDeliveriesAreProblemsAndOnlyAlertIntakeMayPost() {
        LedgerClient.Response notJson = ledger.post(WEBHOOK, AM, "{\"alerts\": [");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.isProblem()).isTrue();
        assertThat(notJson.code()).isEqualTo("MALFORMED_REQUEST");

        LedgerClient.Response noAlerts = ledger.post(WEBHOOK, AM, Map.of("receiver", "ledger", "status", "firing"));
        assertThat(noAlerts.status()).isEqualTo(400);
        assertThat(noAlerts.code()).isEqualTo("INVALID_VALUE");
        assertThat(noAlerts.json().path("detail").asText()).contains("'alerts' is missing");

        LedgerClient.Response notAPayload = ledger.post(WEBHOOK, AM, "{\"alerts\": {\"status\": \"firing\"}}");
        assertThat(notAPayload.code()).isEqualTo("INVALID_VALUE");

        Map<String, Object> fine = delivery(0, firing("PublishBlocked", Incidents.freshScope(), "1", STARTED));
        assertThat(ledger.post(WEBHOOK, LedgerClient.ALICE_OPERATOR, fine).status()).isEqualTo(403);
        assertThat(ledger.post(WEBHOOK, null, fine).status()).isEqualTo(401);
        assertThat(ledger.get("/alerts/unmapped", AM).status()).isEqualTo(403);
    }

    @Test
    void anAlertIsNeverRefusedForItsContentAndTheRestOfTheDeliveryIsProcessed() {
        String scope = Incidents.freshScope();
        Map<String, Object> colours = firing("PublishBlocked", scope, "c010c010c010c010", STARTED);
        colours.put("annotations", Map.of("summary", "gate \u001b[31mFAILED\u001b[0m: \u0000 in a log line, 日本語 ✓"));
        Map<String, Object> pending = firing("PublishBlocked", scope, "c010c010c010c011", STARTED);
        pending.put("status", "pending");
        Map<String, Object> badTime = firing("PublishBlocked", scope, "c010c010c010c012", STARTED);
        badTime.put("startsAt", "five past three");
        String body = json(delivery(0, colours, pending, badTime, firing("NoSuchAlertE2E", scope, "c010c010c010c013", STARTED),
                firing("PublishBlocked", scope, "c010c010c010c014", STARTED.plusSeconds(5))))
                // half of a surrogate pair, which no encoder would write but a broken sender can
                .replace("\"severity\":\"page\"}", "\"severity\":\"page\", \"pod\": \"web-\\udc00-1\"}");

        LedgerClient.Response response = ledger.post(WEBHOOK, AM, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode answer = response.json();
        assertThat(answer.path("alerts").asInt()).isEqualTo(5);
        assertThat(answer.path("opened").asInt()).isEqualTo(1);
        assertThat(answer.path("attached").asInt()).isEqualTo(1);
        assertThat(answer.path("unmapped").asInt()).isEqualTo(3);
        JsonNode incident = expectOk(ledger.get("/incidents/" + incidentsOf(scope).get(0).path("incidentId").asText(),
                LedgerClient.ALICE_OPERATOR));
        JsonNode kept = incident.path("alerts").get(0);
        assertThat(kept.path("annotations").path("summary").asText())
                .isEqualTo("gate \u241B[31mFAILED\u241B[0m: \u2400 in a log line, 日本語 ✓");
        assertThat(kept.path("corrections").path("originalSha256").asText()).hasSize(64);
        assertThat(incident.path("alerts").get(1).path("labels").path("pod").asText()).isEqualTo("web-\uFFFD-1");

        List<String> reasons = new ArrayList<>();
        expectOk(ledger.get("/alerts/unmapped?limit=1000", LedgerClient.AUDREY_AUDITOR)).forEach(row -> {
            if (row.path("deliveryId").asText().equals(answer.path("deliveryId").asText())) {
                reasons.add(row.path("reason").asText());
            }
        });
        assertThat(reasons).hasSize(3).anyMatch(reason -> reason.contains("status 'pending'"))
                .anyMatch(reason -> reason.contains("startsAt")).anyMatch(reason -> reason.contains("NoSuchAlertE2E"));
        assertThat(post(delivery(0)).path("alerts").asInt()).isZero();
        // the same body again is the same delivery
        assertThat(ledger.post(WEBHOOK, AM, body).json().path("repeatedDelivery").asBoolean()).isTrue();
    }

    @Test
    void unmappedAlertsResentByLaterDeliveriesAreKeptOnce() {
        String scope = Incidents.freshScope();
        Map<String, Object> first = firing("NoSuchAlertResent", scope, "0e0e0e0e0e0e0e01", STARTED);
        Map<String, Object> second = firing("NoSuchAlertResent", scope, "0e0e0e0e0e0e0e02", STARTED);
        String deliveryId = post(delivery(0, first)).path("deliveryId").asText();
        post(delivery(0, first, second));
        post(delivery(1, first, second));

        List<JsonNode> rows = new ArrayList<>();
        expectOk(ledger.get("/alerts/unmapped?limit=1000", LedgerClient.AUDREY_AUDITOR)).forEach(row -> {
            if (scope.equals(row.path("alert").path("labels").path("scope").asText())) {
                rows.add(row);
            }
        });
        assertThat(rows).hasSize(2);
        JsonNode resent = rows.stream().filter(row -> row.path("alert").path("fingerprint").asText().equals("0e0e0e0e0e0e0e01"))
                .findFirst().orElseThrow();
        assertThat(resent.path("deliveryId").asText()).isEqualTo(deliveryId);
        assertThat(resent.path("deliveries").asInt()).isEqualTo(3);
    }

    @Test
    void aStartInTheFutureIsDatedAtReceiptAndARepeatIsTheSameFiring() {
        String scope = Incidents.freshScope();
        Instant before = Instant.now();
        Map<String, Object> future = delivery(0, firing("PublishBlocked", scope, "2099209920992099", Instant.parse("2099-01-01T00:00:00Z")));
        JsonNode first = post(future);
        assertThat(first.path("opened").asInt()).isEqualTo(1);
        JsonNode again = post(future);
        assertThat(again.path("repeatedDelivery").asBoolean()).isTrue();

        JsonNode incident = expectOk(ledger.get("/incidents/" + incidentsOf(scope).get(0).path("incidentId").asText(),
                LedgerClient.ALICE_OPERATOR));
        Instant detectedAt = Instant.parse(incident.path("detectedAt").asText());
        assertThat(detectedAt).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(incident.path("alerts").get(0).path("corrections").path("reportedStartsAt").asText())
                .isEqualTo("2099-01-01T00:00:00Z");
        JsonNode resolved = post(delivery(0, resolved("PublishBlocked", scope, "2099209920992099",
                Instant.parse("2099-01-01T00:00:00Z"), Instant.parse("2099-01-01T01:00:00Z"))));
        assertThat(resolved.path("resolutions").asInt()).isEqualTo(1);
    }

    @Test
    void aResolutionForAFiringNeverReceivedIsUnmatchedAndNotAttached() {
        String scope = Incidents.freshScope();
        post(delivery(0, firing("PublishBlocked", scope, "a0a0a0a0a0a0a0a0", STARTED)));

        JsonNode ghost = post(delivery(0, resolved("PublishBlocked", scope, "b0b0b0b0b0b0b0b0", STARTED.minusSeconds(60),
                STARTED.plusSeconds(60))));

        assertThat(ghost.path("resolutions").asInt()).isZero();
        assertThat(ghost.path("report").path("outcomes").get(0).path("result").asText()).isEqualTo("RESOLUTION_UNMATCHED");
        JsonNode incident = expectOk(ledger.get("/incidents/" + incidentsOf(scope).get(0).path("incidentId").asText(),
                LedgerClient.ALICE_OPERATOR));
        assertThat(incident.path("alerts")).hasSize(1);
        assertThat(incident.path("alerts").get(0).path("fingerprint").asText()).isEqualTo("a0a0a0a0a0a0a0a0");
    }

    @Test
    void impactLabelsOnAnAttachingAlertEscalateTheIncident() {
        String scope = Incidents.freshScope();
        post(delivery(0, firing("PublishBlocked", scope, "e5e5e5e5e5e5e5e1", STARTED)));
        String incidentId = incidentsOf(scope).get(0).path("incidentId").asText();
        assertThat(expectOk(ledger.get("/incidents/" + incidentId, LedgerClient.ALICE_OPERATOR)).path("severity").asText())
                .isEqualTo("SEV2");

        Map<String, Object> usersHit = firing("PublishBlocked", scope, "e5e5e5e5e5e5e5e2", STARTED.plusSeconds(30));
        @SuppressWarnings("unchecked")
        Map<String, String> labels = new java.util.LinkedHashMap<>((Map<String, String>) usersHit.get("labels"));
        labels.put("impact_active_truth_wrong_for_users", "yes");
        usersHit.put("labels", labels);
        assertThat(post(delivery(0, usersHit)).path("attached").asInt()).isEqualTo(1);

        JsonNode incident = expectOk(ledger.get("/incidents/" + incidentId, LedgerClient.ALICE_OPERATOR));
        assertThat(incident.path("severity").asText()).isEqualTo("SEV1");
        JsonNode change = incident.path("severityHistory").get(incident.path("severityHistory").size() - 1);
        assertThat(change.path("reason").asText()).startsWith("stated by alert PublishBlocked (fingerprint e5e5e5e5e5e5e5e2)");
    }

    @Test
    void anAlertAfterAManualDeclarationAttachesToTheDeclaredIncident() {
        String scope = Incidents.freshScope();
        String declared = new Incidents(ledger).declare("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG)
                .path("incidentId").asText();

        JsonNode answer = post(delivery(0, firing("PublishBlocked", scope, "abababababababab", STARTED)));

        assertThat(answer.path("attached").asInt()).isEqualTo(1);
        assertThat(answer.path("report").path("outcomes").get(0).path("incidentId").asText()).isEqualTo(declared);
        assertThat(incidentsOf(scope)).hasSize(1);
    }

    @Test
    void theMatrixInForceIsShown() {
        JsonNode rows = expectOk(ledger.get("/alerts/matrix", LedgerClient.ALICE_OPERATOR));
        assertThat(rows.findValuesAsText("alertname")).contains("PublishBlocked", "StalePack", "FallbackSpike",
                "ResolverHealth", "WorkflowWatchdog", "KillSwitchActivation", "TriggerDedupeSpike");
    }

    @Test
    void theMatrixShowsTheSeverityEachRowReallyOpensAt() {
        JsonNode rows = expectOk(ledger.get("/alerts/matrix", LedgerClient.ALICE_OPERATOR));
        JsonNode resolverHealth = null;
        for (JsonNode row : rows) {
            if (row.path("alertname").asText().equals("ResolverHealth")) {
                resolverHealth = row;
            }
        }
        assertThat(resolverHealth).as(rows.toString()).isNotNull();
        assertThat(resolverHealth.path("severity").asText()).isEqualTo("SEV2");
        assertThat(resolverHealth.path("opensAt").asText()).isEqualTo("SEV1");

        String scope = Incidents.freshScope();
        post(delivery(0, firing("ResolverHealth", scope, "cdcdcdcdcdcdcdc1", STARTED)));
        JsonNode opened = incidentsOf(scope);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).path("severity").asText()).isEqualTo(resolverHealth.path("opensAt").asText());
    }

    private JsonNode post(Map<String, Object> payload) {
        LedgerClient.Response response = ledger.post(WEBHOOK, AM, payload);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode incidentsOf(String scope) {
        return expectOk(ledger.get("/incidents?scope=" + scope, LedgerClient.ALICE_OPERATOR));
    }
}
