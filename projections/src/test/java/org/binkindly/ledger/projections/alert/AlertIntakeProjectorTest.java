package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertDeliveryReceived;
import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.AlertsLost;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.core.alert.UnmappedAlertKept;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertIntakeProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");
    private static final AlertDeliveryId FIRST = AlertDeliveryId.of("dlv-" + "1".repeat(32));
    private static final AlertDeliveryId SECOND = AlertDeliveryId.of("dlv-" + "2".repeat(32));
    private static final ReceivedAlert DISK_FULL = new ReceivedAlert("DiskFull", "fp-z", T0, Map.of("alertname", "DiskFull"),
            Map.of("summary", "disk full"), null, "ledger");
    private static final AlertOutcome OPENED = new AlertOutcome("PublishBlocked", "fp-a", T0, AlertStatus.FIRING,
            IncidentClass.PUBLISH_FAILURE, Scope.parse("locality/se-stockholm"), IntakeResult.OPENED,
            IncidentId.of("inc-111111111111"), null);

    private AlertIntakeProjector projector;

    @BeforeEach
    void setUp() {
        projector = new AlertIntakeProjector(database.jdbc(), LedgerJson.objectMapper());
    }

    @Test
    void aReceivedDeliveryIsShownAsRoutingUntilItsOutcomesAreRecorded() {
        AlertDeliveryId third = AlertDeliveryId.of("dlv-" + "3".repeat(32));
        IncomingDelivery delivery = new IncomingDelivery("ledger", "firing", "g3", null, 0, List.of(
                new IncomingAlert(AlertStatus.FIRING, Map.of("alertname", "PublishBlocked"), Map.of(), T0, null, null, "fp-a")));
        for (int i = 0; i < 2; i++) {
            projector.on(new AlertDeliveryReceived(third, delivery), T0, "alertmanager");
        }
        AlertDeliveryView pending = projector.handle(new FindAlertDelivery(third)).orElseThrow();
        assertThat(pending.routed()).isFalse();
        assertThat(pending.alertCount()).isEqualTo(1);
        assertThat(pending.outcomes()).isEmpty();

        projector.on(new AlertDeliveryRecorded(third, "ledger", "firing", "g3", null, 0, List.of(OPENED)), T0.plusSeconds(2),
                "alertmanager");
        AlertDeliveryView routed = projector.handle(new FindAlertDelivery(third)).orElseThrow();
        assertThat(routed.routed()).isTrue();
        assertThat(routed.outcomes()).containsExactly(OPENED);
        assertThat(routed.receivedAt()).as("received when it arrived, not when routed").isEqualTo(T0);
        assertThat(projector.handle(new FindAlertDelivery(AlertDeliveryId.of("dlv-" + "4".repeat(32))))).isEmpty();
    }

    @Test
    void deliveriesLostAndUnmappedAlertsAreShownNewestFirstAndRedeliveryChangesNothing() {
        for (int i = 0; i < 2; i++) {
            projector.on(new AlertDeliveryRecorded(FIRST, "ledger", "firing", "g1", null, 3, List.of(OPENED)), T0, "alertmanager");
            projector.on(new AlertsLost(FIRST, "ledger", "g1", 3), T0);
            projector.on(new UnmappedAlertKept(FIRST, DISK_FULL, AlertStatus.FIRING, "no row for alertname 'DiskFull'"), T0);
        }
        projector.on(new AlertDeliveryRecorded(SECOND, "ledger", "resolved", "g2", null, 4, List.of()), T0.plusSeconds(5), "alertmanager");
        projector.on(new AlertsLost(SECOND, "ledger", "g2", 4), T0.plusSeconds(5));

        List<AlertDeliveryView> deliveries = projector.handle(new ListAlertDeliveries(10));
        assertThat(deliveries).extracting(AlertDeliveryView::deliveryId).containsExactly(SECOND, FIRST);
        assertThat(deliveries.get(1).outcomes()).containsExactly(OPENED);
        assertThat(deliveries.get(1).actor()).isEqualTo("alertmanager");

        LostAlertsView lost = projector.handle(new ListLostAlerts(10));
        assertThat(lost.totalLostAlerts()).isEqualTo(7);
        assertThat(lost.deliveries()).hasSize(2);

        List<UnmappedAlertView> unmapped = projector.handle(new ListUnmappedAlerts(10));
        assertThat(unmapped).hasSize(1);
        assertThat(unmapped.get(0).alert()).isEqualTo(DISK_FULL);
        assertThat(unmapped.get(0).reason()).contains("DiskFull");
    }

    @Test
    void anUnmappedAlertResentByLaterDeliveriesIsShownOnceWithHowManyBroughtIt() {
        ReceivedAlert nextFiring = new ReceivedAlert("DiskFull", "fp-z", T0.plusSeconds(3600), Map.of("alertname", "DiskFull"),
                Map.of(), null, "ledger");
        projector.on(new UnmappedAlertKept(FIRST, DISK_FULL, AlertStatus.FIRING, "no row"), T0);
        projector.on(new UnmappedAlertKept(SECOND, DISK_FULL, AlertStatus.FIRING, "no row"), T0.plusSeconds(60));
        projector.on(new UnmappedAlertKept(SECOND, DISK_FULL, AlertStatus.FIRING, "no row"), T0.plusSeconds(60));
        projector.on(new UnmappedAlertKept(FIRST, DISK_FULL, AlertStatus.FIRING, "no row"), T0);
        projector.on(new UnmappedAlertKept(SECOND, nextFiring, AlertStatus.FIRING, "no row"), T0.plusSeconds(60));
        projector.on(new UnmappedAlertKept(SECOND, DISK_FULL, AlertStatus.RESOLVED, "no row"), T0.plusSeconds(60));

        List<UnmappedAlertView> unmapped = projector.handle(new ListUnmappedAlerts(10));

        assertThat(unmapped).hasSize(3);
        UnmappedAlertView resent = unmapped.stream()
                .filter(view -> view.alert().equals(DISK_FULL) && view.status().equals("FIRING")).findFirst().orElseThrow();
        assertThat(resent.deliveryId()).isEqualTo(FIRST);
        assertThat(resent.receivedAt()).isEqualTo(T0);
        assertThat(resent.deliveries()).isEqualTo(2);
        assertThat(resent.lastReceivedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(database.jdbc().queryForObject("select count(*) from unmapped_alert_view", Long.class)).isEqualTo(3);
    }

    @Test
    void theResetClearsEveryView() {
        projector.on(new AlertDeliveryRecorded(FIRST, "ledger", "firing", "g1", null, 3, List.of(OPENED)), T0, "alertmanager");
        projector.on(new AlertsLost(FIRST, "ledger", "g1", 3), T0);
        projector.on(new UnmappedAlertKept(FIRST, DISK_FULL, AlertStatus.FIRING, "no row"), T0);

        projector.reset();

        assertThat(projector.handle(new ListAlertDeliveries(10))).isEmpty();
        assertThat(projector.handle(new ListLostAlerts(10)).totalLostAlerts()).isZero();
        assertThat(projector.handle(new ListUnmappedAlerts(10))).isEmpty();
    }
}
