package org.binkindly.ledger.api.alert;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

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

    private static final String WEBHOOK = "/alerts/alertmanager";
    private static final String AM = LedgerClient.ALERTMANAGER;
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

        Map<String, Object> pending = firing("PublishBlocked", Incidents.freshScope(), "1", STARTED);
        pending.put("status", "pending");
        LedgerClient.Response badStatus = ledger.post(WEBHOOK, AM, delivery(0, pending));
        assertThat(badStatus.code()).isEqualTo("INVALID_VALUE");
        assertThat(badStatus.json().path("detail").asText()).contains("alerts[0].status");

        Map<String, Object> badTime = firing("PublishBlocked", Incidents.freshScope(), "1", STARTED);
        badTime.put("startsAt", "five past three");
        assertThat(ledger.post(WEBHOOK, AM, delivery(0, badTime)).code()).isEqualTo("INVALID_VALUE");

        Map<String, Object> fine = delivery(0, firing("PublishBlocked", Incidents.freshScope(), "1", STARTED));
        assertThat(ledger.post(WEBHOOK, LedgerClient.ALICE_OPERATOR, fine).status()).isEqualTo(403);
        assertThat(ledger.post(WEBHOOK, null, fine).status()).isEqualTo(401);
        assertThat(ledger.get("/alerts/unmapped", AM).status()).isEqualTo(403);
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

    private JsonNode post(Map<String, Object> payload) {
        LedgerClient.Response response = ledger.post(WEBHOOK, AM, payload);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode incidentsOf(String scope) {
        return expectOk(ledger.get("/incidents?scope=" + scope, LedgerClient.ALICE_OPERATOR));
    }
}
