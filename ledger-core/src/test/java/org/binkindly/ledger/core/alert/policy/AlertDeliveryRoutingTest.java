package org.binkindly.ledger.core.alert.policy;

import org.binkindly.ledger.core.alert.AlertDeliveryReceived;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the routing processor does with a delivery whose routing fails: retried while passing, else set aside after a few attempts. */
class AlertDeliveryRoutingTest {

    private static final IncomingDelivery DELIVERY = new IncomingDelivery("ledger", "firing", "g", null, 0, List.of(
            new IncomingAlert(AlertStatus.FIRING, Map.of("alertname", "PublishBlocked", "scope", "locality/se-stockholm"), Map.of(),
                    Instant.parse("2026-11-27T03:00:00Z"), null, null, "fp-a")));
    private static final AlertDeliveryReceived RECEIVED = new AlertDeliveryReceived(DELIVERY.deliveryId(), DELIVERY);

    /** An intake whose routing fails with the given failures in turn, then succeeds. */
    private static final class FailingIntake extends AlertIntake {

        private final List<RuntimeException> failures;
        private final List<String> setAside = new ArrayList<>();

        FailingIntake(RuntimeException... failures) {
            super(null, null, null, null);
            this.failures = new ArrayList<>(List.of(failures));
        }

        @Override
        public Report receive(IncomingDelivery delivery, String actor) {
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            return new Report(delivery.deliveryId(), false, List.of(), 0);
        }

        @Override
        public Report setAside(IncomingDelivery delivery, String actor, String reason) {
            setAside.add(reason);
            return new Report(delivery.deliveryId(), false, List.of(), 0);
        }
    }

    @Test
    void aFailureThatIsNotPassingIsRetriedThenTheDeliveryIsSetAsideVisibly() {
        FailingIntake intake = new FailingIntake(new IllegalStateException("found only closed incidents"),
                new IllegalStateException("found only closed incidents"), new IllegalStateException("found only closed incidents"));
        List<AlertIntake.Report> routed = new ArrayList<>();
        AlertDeliveryRouting routing = new AlertDeliveryRouting(intake, position -> { }, routed::add, failure -> false);

        for (int attempt = 1; attempt < AlertDeliveryRouting.ATTEMPTS; attempt++) {
            assertThatThrownBy(() -> routing.on(RECEIVED, "alertmanager", null)).hasMessageContaining("closed incidents");
            assertThat(intake.setAside).isEmpty();
        }
        routing.on(RECEIVED, "alertmanager", null);

        assertThat(intake.setAside).singleElement().asString()
                .contains("routing failed 3 times").contains("found only closed incidents");
        assertThat(routed).hasSize(1);
    }

    @Test
    void aPassingFailureIsRetriedForAsLongAsItLasts() {
        RuntimeException databaseAway = new RuntimeException("connection refused");
        FailingIntake intake = new FailingIntake(databaseAway, databaseAway, databaseAway, databaseAway, databaseAway);
        List<AlertIntake.Report> routed = new ArrayList<>();
        AlertDeliveryRouting routing = new AlertDeliveryRouting(intake, position -> { }, routed::add,
                failure -> failure == databaseAway);

        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(() -> routing.on(RECEIVED, "alertmanager", null)).isSameAs(databaseAway);
        }
        routing.on(RECEIVED, "alertmanager", null);

        assertThat(intake.setAside).isEmpty();
        assertThat(routed).hasSize(1);
    }

    @Test
    void aDeliveryThatRoutesAfterAFailureStartsItsCountAgainNextTime() {
        FailingIntake intake = new FailingIntake(new IllegalStateException("once"), new IllegalStateException("twice"));
        AlertDeliveryRouting routing = new AlertDeliveryRouting(intake, position -> { }, report -> { }, failure -> false);

        assertThatThrownBy(() -> routing.on(RECEIVED, "alertmanager", null)).hasMessage("once");
        assertThatThrownBy(() -> routing.on(RECEIVED, "alertmanager", null)).hasMessage("twice");
        routing.on(RECEIVED, "alertmanager", null);
        // new failures of the same delivery (say, received again after a restore) start from one: two are retried
        intake.failures.add(new IllegalStateException("again"));
        intake.failures.add(new IllegalStateException("and again"));
        assertThatThrownBy(() -> routing.on(RECEIVED, "alertmanager", null)).hasMessage("again");
        assertThatThrownBy(() -> routing.on(RECEIVED, "alertmanager", null)).hasMessage("and again");
        assertThat(intake.setAside).isEmpty();
    }
}
