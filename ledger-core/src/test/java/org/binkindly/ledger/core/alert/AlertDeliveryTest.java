package org.binkindly.ledger.core.alert;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.binkindly.ledger.core.alert.command.ReceiveAlertDelivery;
import org.binkindly.ledger.core.alert.command.RecordAlertDelivery;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertDeliveryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final IncomingAlert FIRING = new IncomingAlert(AlertStatus.FIRING,
            Map.of("alertname", "PublishBlocked", "scope", "locality/se-stockholm"), Map.of("summary", "blocked"), T0, null,
            "http://prometheus/graph", "fp-a");
    private static final IncomingDelivery DELIVERY = new IncomingDelivery("ledger", "firing", "{}:{alertname=\"PublishBlocked\"}",
            "http://alertmanager:9093", 0, List.of(FIRING));
    private static final AlertDeliveryId ID = DELIVERY.deliveryId();
    private static final AlertOutcome OPENED = new AlertOutcome("PublishBlocked", "fp-a", T0, AlertStatus.FIRING,
            IncidentClass.PUBLISH_FAILURE, Scope.parse("locality/se-stockholm"), IntakeResult.OPENED,
            IncidentId.of("inc-111111111111"), null);
    private static final ReceivedAlert UNKNOWN = new ReceivedAlert("DiskFull", "fp-z", T0, Map.of("alertname", "DiskFull"),
            Map.of(), null, "ledger");

    private AggregateTestFixture<AlertDelivery> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AlertDelivery.class);
    }

    @Test
    void aDeliveryIsRecordedWithItsLostAndUnmappedAlerts() {
        fixture.givenNoPriorActivity()
                .when(new RecordAlertDelivery(ID, "ledger", "firing", "g", "http://am", 3, List.of(OPENED),
                        List.of(new UnmappedAlert(UNKNOWN, AlertStatus.FIRING, "no route for alertname DiskFull"))))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertDeliveryRecorded(ID, "ledger", "firing", "g", "http://am", 3, List.of(OPENED)),
                        new AlertsLost(ID, "ledger", "g", 3),
                        new UnmappedAlertKept(ID, UNKNOWN, AlertStatus.FIRING, "no route for alertname DiskFull"))
                .expectResultMessagePayload(true);
    }

    @Test
    void aDeliveryIsReceivedOnceAndItsOutcomesRecordedAfterwards() {
        fixture.givenNoPriorActivity()
                .when(new ReceiveAlertDelivery(ID, DELIVERY))
                .expectEvents(new AlertDeliveryReceived(ID, DELIVERY))
                .expectResultMessagePayload(DeliveryReceipt.RECEIVED);
        fixture.given(new AlertDeliveryReceived(ID, DELIVERY))
                .when(new ReceiveAlertDelivery(ID, DELIVERY))
                .expectNoEvents()
                .expectResultMessagePayload(DeliveryReceipt.ROUTING);
        fixture.given(new AlertDeliveryReceived(ID, DELIVERY))
                .when(new RecordAlertDelivery(ID, "ledger", "firing", "g", "http://am", 0, List.of(OPENED), List.of()))
                .expectEvents(new AlertDeliveryRecorded(ID, "ledger", "firing", "g", "http://am", 0, List.of(OPENED)))
                .expectResultMessagePayload(true);
        fixture.given(new AlertDeliveryReceived(ID, DELIVERY),
                        new AlertDeliveryRecorded(ID, "ledger", "firing", "g", "http://am", 0, List.of(OPENED)))
                .when(new ReceiveAlertDelivery(ID, DELIVERY))
                .expectNoEvents()
                .expectResultMessagePayload(DeliveryReceipt.ROUTED);
    }

    @Test
    void aDeliveryRoutedBeforeReceiptsWereRecordedIsNotReceivedAgain() {
        fixture.given(new AlertDeliveryRecorded(ID, "ledger", "firing", "g", "http://am", 0, List.of(OPENED)))
                .when(new ReceiveAlertDelivery(ID, DELIVERY))
                .expectNoEvents()
                .expectResultMessagePayload(DeliveryReceipt.ROUTED);
    }

    @Test
    void theSameDeliveryAgainRecordsNothing() {
        fixture.given(new AlertDeliveryRecorded(ID, "ledger", "firing", "g", "http://am", 0, List.of(OPENED)))
                .when(new RecordAlertDelivery(ID, "ledger", "firing", "g", "http://am", 0, List.of(OPENED), List.of()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void theDeliveryIdDependsOnContentNotOnLabelOrder() {
        IncomingAlert sameLabelsOtherOrder = new IncomingAlert(AlertStatus.FIRING,
                new java.util.LinkedHashMap<>(Map.of("scope", "locality/se-stockholm", "alertname", "PublishBlocked")),
                Map.of("summary", "blocked"), T0, null, "http://prometheus/graph", "fp-a");
        IncomingDelivery reordered = new IncomingDelivery("ledger", "firing", "{}:{alertname=\"PublishBlocked\"}",
                "http://alertmanager:9093", 0, List.of(sameLabelsOtherOrder));
        IncomingDelivery resolved = new IncomingDelivery("ledger", "resolved", "{}:{alertname=\"PublishBlocked\"}",
                "http://alertmanager:9093", 0, List.of(new IncomingAlert(AlertStatus.RESOLVED, FIRING.labels(),
                FIRING.annotations(), T0, T0.plusSeconds(60), FIRING.generatorUrl(), "fp-a")));

        assertThat(reordered.deliveryId()).isEqualTo(ID);
        assertThat(resolved.deliveryId()).isNotEqualTo(ID);
        assertThat(ID.value()).matches("dlv-[0-9a-f]{32}");
    }
}
