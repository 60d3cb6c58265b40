package org.binkindly.ledger.api.metrics;

import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.AlertmanagerPayloads.delivery;
import static org.binkindly.ledger.api.support.AlertmanagerPayloads.firing;

/** Prometheus scrapes /actuator/prometheus with its own token and reads the ledger's state from the views. */
class MetricsHttpTest extends LedgerHttpTest {

    @Test
    void anAlertThatOpensAnIncidentShowsInTheScrapedMetrics() {
        double before = value(scrape(), "ledger_incidents_open{class=\"TRIGGER_DEDUPE_SPIKE\",severity=\"SEV3\"}");
        double unmappedBefore = value(scrape(), "ledger_alerts_unmapped");
        LedgerClient.Response posted = ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER, delivery(2,
                firing("TriggerDedupeSpike", Incidents.freshScope(), "7e7e7e7e7e7e7e7e", Instant.now().minusSeconds(60)),
                firing("NoSuchAlert", Incidents.freshScope(), "7e7e7e7e7e7e7e7f", Instant.now().minusSeconds(60))));
        assertThat(posted.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String text = scrape();
            assertThat(value(text, "ledger_incidents_open{class=\"TRIGGER_DEDUPE_SPIKE\",severity=\"SEV3\"}")).isEqualTo(before + 1);
            assertThat(value(text, "ledger_alerts_unmapped")).isEqualTo(unmappedBefore + 1);
        });
        String text = scrape();
        assertThat(value(text, "ledger_alert_intake_alerts_total{result=\"opened\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "ledger_alert_intake_alerts_total{result=\"unmapped\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "ledger_alert_intake_lost_alerts_total")).isGreaterThanOrEqualTo(2);
        assertThat(text).contains("ledger_processor_lag_events{processor=\"incident-views\"}")
                .contains("ledger_incidents_open_evidence_missing{field=\"CONTAINMENT_ACTION\",severity=\"SEV1\"}")
                .contains("ledger_kill_switches_active{kind=\"AI_LANE\"}")
                .contains("ledger_rebinds_completed{drill=\"false\",objective=\"met\"}")
                .contains("ledger_rebind_last_restore_seconds{drill=\"false\"}");
    }

    @Test
    void everyRefusedAlertDeliveryIsCountedSoTheShippedRuleFires() {
        String before = scrape();
        // the series exists from startup, so increase() sees the very first refusal
        assertThat(before).containsPattern("(?m)^ledger_alert_intake_deliveries_total\\{result=\"rejected\"\\} ");
        double rejected = value(before, "ledger_alert_intake_deliveries_total{result=\"rejected\"}");
        Object fine = delivery(0, firing("PublishBlocked", Incidents.freshScope(), "1", Instant.now()));

        assertThat(ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER, "{\"alerts\": [").status()).isEqualTo(400);
        assertThat(ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER, "{\"version\": \"3\", \"alerts\": []}").status())
                .isEqualTo(400);
        assertThat(ledger.post("/alerts/alertmanager?wait=PT30S", null, fine).status()).isEqualTo(401);
        assertThat(ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALICE_OPERATOR, fine).status()).isEqualTo(403);
        assertThat(ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER,
                "{\"alerts\": [], \"x\": \"" + "y".repeat(1_100_000) + "\"}").status()).isEqualTo(413);

        assertThat(value(scrape(), "ledger_alert_intake_deliveries_total{result=\"rejected\"}")).isGreaterThanOrEqualTo(rejected + 5);
    }

    @Test
    void onlyPrometheusAuditorsAndAdminsMayScrape() {
        assertThat(ledger.get("/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(ledger.get("/actuator/prometheus", LedgerClient.ALICE_OPERATOR).status()).isEqualTo(403);
        assertThat(ledger.get("/actuator/prometheus", LedgerClient.AUDREY_AUDITOR).status()).isEqualTo(200);
        assertThat(ledger.get("/incidents", LedgerClient.PROMETHEUS).status()).isEqualTo(403);
    }

    @Test
    void aRequestIsObservedOnceNotOncePerSecurityFilter() {
        assertThat(ledger.get("/board", LedgerClient.ALICE_OPERATOR).status()).isEqualTo(200);
        assertThat(ledger.get("/incidents", LedgerClient.PROMETHEUS).status()).isEqualTo(403);

        String metrics = scrape();
        assertThat(metrics).contains("http_server_requests_seconds_count{");
        assertThat(metrics.lines().filter(line -> line.startsWith("spring_security_"))).as("Spring Security's own observations")
                .isEmpty();
    }

    private String scrape() {
        LedgerClient.Response response = ledger.get("/actuator/prometheus", LedgerClient.PROMETHEUS);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text();
    }

    private static double value(String text, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
