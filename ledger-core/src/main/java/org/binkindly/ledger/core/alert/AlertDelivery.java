package org.binkindly.ledger.core.alert;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;
import org.binkindly.ledger.core.alert.command.ReceiveAlertDelivery;
import org.binkindly.ledger.core.alert.command.RecordAlertDelivery;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One delivery from the alerting system, keyed by its content digest, so a delivery sent twice is
 * recorded once: first received as sent (what the webhook acknowledges), then, once its alerts are
 * routed, with each alert's outcome, its lost (truncated) alerts and its unmapped alerts, visibly.
 * A delivery recorded before deliveries were received first has only the second part.
 */
@AggregateRoot
class AlertDelivery {

    @AggregateIdentifier
    private AlertDeliveryId deliveryId;
    private boolean received;
    private boolean routed;

    AlertDelivery() {
        // rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    DeliveryReceipt handle(ReceiveAlertDelivery command) {
        if (routed) {
            return DeliveryReceipt.ROUTED;
        }
        if (received) {
            return DeliveryReceipt.ROUTING;
        }
        apply(new AlertDeliveryReceived(command.deliveryId(), command.delivery()));
        return DeliveryReceipt.RECEIVED;
    }

    /** True if this recorded the delivery's outcomes; false if they were on record already. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordAlertDelivery command) {
        if (routed) {
            return false;
        }
        List<AlertOutcome> outcomes = command.outcomes() == null ? List.of() : List.copyOf(command.outcomes());
        apply(new AlertDeliveryRecorded(command.deliveryId(), command.receiver(), command.status(), command.groupKey(),
                command.externalUrl(), Math.max(0, command.truncatedAlerts()), outcomes));
        if (command.truncatedAlerts() > 0) {
            apply(new AlertsLost(command.deliveryId(), command.receiver(), command.groupKey(), command.truncatedAlerts()));
        }
        if (command.unmapped() != null) {
            for (UnmappedAlert unmapped : command.unmapped()) {
                apply(new UnmappedAlertKept(command.deliveryId(), unmapped.alert(), unmapped.status(), unmapped.reason()));
            }
        }
        return true;
    }

    @EventSourcingHandler
    void on(AlertDeliveryReceived event) {
        deliveryId = event.deliveryId();
        received = true;
    }

    @EventSourcingHandler
    void on(AlertDeliveryRecorded event) {
        deliveryId = event.deliveryId();
        received = true;
        routed = true;
    }
}
