package org.binkindly.ledger.adapters.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertmanagerDeliveriesTest {

    /** As Alertmanager 0.25 sends it, with a field from a newer version that must be ignored. */
    private static final String PAYLOAD = """
            {"receiver":"ledger","status":"firing","alerts":[
              {"status":"firing","labels":{"alertname":"PublishBlocked","scope":"locality/se-stockholm"},
               "annotations":{"summary":"publish_blocked"},"startsAt":"2026-11-27T03:00:00.123456789+01:00",
               "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"5e1a7b3c9d2f4e60"},
              {"status":"resolved","labels":{"alertname":"StalePack","scope":"locality/se-malmo"},"annotations":{},
               "startsAt":"2026-11-27T01:00:00Z","endsAt":"2026-11-27T02:00:00Z","generatorURL":"","fingerprint":"aa"}],
             "groupLabels":{"alertname":"PublishBlocked"},"commonLabels":{},"commonAnnotations":{},
             "externalURL":"http://alertmanager:9093","version":"4","groupKey":"{}:{alertname=\\"PublishBlocked\\"}",
             "truncatedAlerts":2,"someFutureField":{"x":1}}
            """;

    @Test
    void aVersionFourPayloadBecomesADelivery() throws Exception {
        IncomingDelivery delivery = AlertmanagerDeliveries.toDelivery(new ObjectMapper().readValue(PAYLOAD, AlertmanagerPayload.class));

        assertThat(delivery.receiver()).isEqualTo("ledger");
        assertThat(delivery.truncatedAlerts()).isEqualTo(2);
        assertThat(delivery.externalUrl()).isEqualTo("http://alertmanager:9093");
        assertThat(delivery.alerts()).hasSize(2);
        assertThat(delivery.alerts().get(0).status()).isEqualTo(AlertStatus.FIRING);
        assertThat(delivery.alerts().get(0).startsAt()).isEqualTo(Instant.parse("2026-11-27T02:00:00.123456789Z"));
        assertThat(delivery.alerts().get(0).endsAt()).isNull();
        assertThat(delivery.alerts().get(1).endsAt()).isEqualTo(Instant.parse("2026-11-27T02:00:00Z"));
    }

    @Test
    void whatCannotBeReadIsRefusedByName() {
        assertThatThrownBy(() -> toDelivery(List.of(alertWith("status", "pending")))).hasMessageContaining("alerts[0].status");
        assertThatThrownBy(() -> toDelivery(List.of(alertWith("startsAt", "yesterday")))).hasMessageContaining("alerts[0].startsAt");
        assertThatThrownBy(() -> toDelivery(null)).hasMessageContaining("'alerts' is missing");
        assertThatThrownBy(() -> AlertmanagerDeliveries.toDelivery(new AlertmanagerPayload("3", null, 0, "firing", "x",
                null, null, null, null, List.of()))).hasMessageContaining("version '3'");
    }

    @Test
    void anAlertWithoutFingerprintGetsOneFromItsLabels() {
        IncomingDelivery delivery = toDelivery(List.of(new AlertmanagerPayload.Alert("firing", Map.of("alertname", "X", "a", "b"),
                null, "2026-11-27T03:00:00Z", null, null, null)));
        IncomingDelivery again = toDelivery(List.of(new AlertmanagerPayload.Alert("firing", Map.of("a", "b", "alertname", "X"),
                null, "2026-11-27T03:00:00Z", null, null, null)));

        assertThat(delivery.alerts().get(0).fingerprint()).hasSize(16).isEqualTo(again.alerts().get(0).fingerprint());
    }

    private static IncomingDelivery toDelivery(List<AlertmanagerPayload.Alert> alerts) {
        return AlertmanagerDeliveries.toDelivery(new AlertmanagerPayload("4", "g", 0, "firing", "ledger", null, null, null,
                null, alerts));
    }

    private static AlertmanagerPayload.Alert alertWith(String field, String value) {
        return new AlertmanagerPayload.Alert(field.equals("status") ? value : "firing", Map.of("alertname", "X"), null,
                field.equals("startsAt") ? value : "2026-11-27T03:00:00Z", null, null, "fp");
    }
}
