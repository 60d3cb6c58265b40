package org.binkindly.ledger.adapters.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertmanagerDeliveriesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

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
    void onlyABodyThatIsNotAnAlertmanagerPayloadIsRefused() {
        assertThatThrownBy(() -> AlertmanagerDeliveries.toDelivery(new AlertmanagerPayload("4", "g", 0, "firing", "ledger",
                null, null, null, null, null))).hasMessageContaining("'alerts' is missing");
        assertThatThrownBy(() -> AlertmanagerDeliveries.toDelivery(new AlertmanagerPayload("3", null, 0, "firing", "x",
                null, null, null, null, List.of()))).hasMessageContaining("version '3'");
        assertThatThrownBy(() -> AlertmanagerDeliveries.read("{\"alerts\": [".getBytes(UTF_8), NOW))
                .isInstanceOfSatisfying(MalformedDelivery.class, refused -> assertThat(refused.notJson()).isTrue());
        assertThatThrownBy(() -> AlertmanagerDeliveries.read("{\"alerts\": \"none\"}".getBytes(UTF_8), NOW))
                .isInstanceOfSatisfying(MalformedDelivery.class, refused -> assertThat(refused.notJson()).isFalse());
        assertThatThrownBy(() -> AlertmanagerDeliveries.read("null".getBytes(UTF_8), NOW)).isInstanceOf(MalformedDelivery.class);
    }

    @Test
    void anAlertThatCannotBeRoutedAsSentIsKeptWithTheReasonNotRefused() {
        IncomingDelivery delivery = toDelivery(List.of(alertWith("status", "pending"), alertWith("startsAt", "yesterday"),
                alertWith("status", "firing")));

        assertThat(delivery.alerts()).hasSize(3);
        assertThat(delivery.alerts().get(0).unroutable()).contains("status 'pending'");
        assertThat(delivery.alerts().get(1).unroutable()).contains("startsAt");
        assertThat(delivery.alerts().get(1).corrections().notes()).anyMatch(note -> note.contains("'yesterday'"));
        // the same on every re-send, so the kept alert is recognised again
        assertThat(delivery.alerts().get(1).startsAt()).isEqualTo(Instant.EPOCH);
        assertThat(delivery.alerts().get(2).unroutable()).isNull();
        assertThat(delivery.alerts().get(2).corrections()).isNull();
    }

    @Test
    void unstorableCharactersAreMarkedAndTheDigestOfTheAlertAsSentIsKept() throws Exception {
        String first = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"PublishBlocked\",\"scope\":\"locality/se-stockholm\","
                + "\"pod\\u0000\":\"a\\ud800b\"},\"annotations\":{\"description\":\"\\u001b[31mFAILED\\u001b[0m and \u0007 raw\"},"
                + "\"startsAt\":\"2026-11-27T03:00:00Z\",\"fingerprint\":\"1234567812345678\"}";
        String clean = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"StalePack\"},\"startsAt\":\"2026-11-27T03:00:00Z\","
                + "\"fingerprint\":\"8765432187654321\",\"annotations\":{\"summary\":\"tab\\tand 日本語 🚀\"}}";
        byte[] body = ("{\"version\":\"4\",\"receiver\":\"ledger\",\"alerts\":[" + first + ", " + clean + "]}").getBytes(UTF_8);

        IncomingDelivery delivery = AlertmanagerDeliveries.read(body, NOW);

        IncomingAlert marked = delivery.alerts().get(0);
        assertThat(marked.labels()).containsEntry("pod\u2400", "a\uFFFDb");
        assertThat(marked.annotations().get("description")).isEqualTo("\u241B[31mFAILED\u241B[0m and \u2407 raw");
        assertThat(marked.unroutable()).isNull();
        assertThat(marked.corrections().originalSha256()).isEqualTo(sha256(first.getBytes(UTF_8)));
        assertThat(marked.corrections().notes()).hasSize(2).allMatch(note -> note.contains("cannot be stored"));
        IncomingAlert untouched = delivery.alerts().get(1);
        assertThat(untouched.corrections()).isNull();
        assertThat(untouched.annotations().get("summary")).isEqualTo("tab\tand 日本語 🚀");
        assertThat(AlertmanagerDeliveries.storable("fine 🚀\n")).isEqualTo("fine 🚀\n");
        assertThat(AlertmanagerDeliveries.storable("\u007f\udc00")).isEqualTo("\u2421\uFFFD");
    }

    @Test
    void aStartBeyondTheAllowedClockSkewIsDatedAtReceiptAndTheReportedStartIdentifiesTheFiring() {
        IncomingDelivery first = toDelivery(List.of(alertWith("startsAt", "2099-01-01T00:00:00Z")), NOW);
        IncomingDelivery resent = toDelivery(List.of(alertWith("startsAt", "2099-01-01T00:00:00Z")), NOW.plusSeconds(3600));
        IncomingDelivery slightlyAhead = toDelivery(List.of(alertWith("startsAt", NOW.plusSeconds(120).toString())), NOW);

        IncomingAlert clamped = first.alerts().get(0);
        assertThat(clamped.startsAt()).isEqualTo(NOW);
        assertThat(clamped.corrections().reportedStartsAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(clamped.firingStartsAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(clamped.unroutable()).isNull();
        assertThat(resent.deliveryId()).isEqualTo(first.deliveryId());
        assertThat(slightlyAhead.alerts().get(0).startsAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(slightlyAhead.alerts().get(0).corrections()).isNull();
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
        return toDelivery(alerts, NOW);
    }

    private static IncomingDelivery toDelivery(List<AlertmanagerPayload.Alert> alerts, Instant receivedAt) {
        try {
            byte[] body = new ObjectMapper().writeValueAsBytes(new AlertmanagerPayload("4", "g", 0, "firing", "ledger", null,
                    null, null, null, alerts));
            return AlertmanagerDeliveries.read(body, receivedAt);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static AlertmanagerPayload.Alert alertWith(String field, String value) {
        return new AlertmanagerPayload.Alert(field.equals("status") ? value : "firing", Map.of("alertname", "X"), null,
                field.equals("startsAt") ? value : "2026-11-27T03:00:00Z", null, null, "fp");
    }
}
