package org.binkindly.ledger.core.alert;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.binkindly.ledger.core.alert.command.RecordAlertDelivery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery the routing could not route is recorded with every alert kept as unmapped, the failure as the reason. */
class AlertIntakeSetAsideTest {

    @Test
    void everyAlertOfASetAsideDeliveryIsKeptAsUnmappedWithTheReason() {
        List<RecordAlertDelivery> recorded = new ArrayList<>();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(RecordAlertDelivery.class.getName(), command -> {
            recorded.add((RecordAlertDelivery) command.getPayload());
            return true;
        });
        AlertIntake intake = new AlertIntake(null, null, DefaultCommandGateway.builder().commandBus(bus).build(), null);
        Instant startsAt = Instant.parse("2026-11-27T03:00:00Z");
        IncomingDelivery delivery = new IncomingDelivery("ledger", "firing", "g", "http://am", 2, List.of(
                new IncomingAlert(AlertStatus.FIRING, Map.of("alertname", "PublishBlocked", "scope", "locality/se-stockholm"),
                        Map.of("summary", "blocked"), startsAt, null, null, "fp-a"),
                new IncomingAlert(AlertStatus.RESOLVED, Map.of("alertname", "ResolverHealth"), Map.of(), startsAt,
                        startsAt.plusSeconds(60), null, "fp-b")));

        AlertIntake.Report report = intake.setAside(delivery, "alertmanager", "routing failed 3 times, set aside: boom");

        assertThat(report.repeatedDelivery()).isFalse();
        assertThat(report.lostAlerts()).isEqualTo(2);
        assertThat(report.outcomes()).extracting(AlertOutcome::result).containsExactly(IntakeResult.UNMAPPED, IntakeResult.UNMAPPED);
        assertThat(report.outcomes()).extracting(AlertOutcome::detail).containsOnly("routing failed 3 times, set aside: boom");
        RecordAlertDelivery command = recorded.get(0);
        assertThat(command.deliveryId()).isEqualTo(delivery.deliveryId());
        assertThat(command.truncatedAlerts()).isEqualTo(2);
        assertThat(command.unmapped()).extracting(UnmappedAlert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(command.unmapped()).extracting(unmapped -> unmapped.alert().fingerprint()).containsExactly("fp-a", "fp-b");
        assertThat(command.unmapped()).extracting(UnmappedAlert::reason).containsOnly("routing failed 3 times, set aside: boom");
    }
}
