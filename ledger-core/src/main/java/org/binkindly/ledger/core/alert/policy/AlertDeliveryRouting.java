package org.binkindly.ledger.core.alert.policy;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.binkindly.ledger.core.alert.AlertDeliveryReceived;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.shared.MetadataKeys;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Routes the alerts of every delivery the webhook put on record, in the order they were received, so the
 * webhook answers Alertmanager as soon as a delivery is durable (a storm's deliveries are never held
 * past its timeout) and a delivery acknowledged just before a crash is routed when the ledger is back:
 * this processor's token is only past a delivery once its outcomes are recorded. Routing a delivery
 * whose outcomes are on record already is a no-op, and the processor is never replayed.
 */
@ProcessingGroup(AlertDeliveryRouting.PROCESSING_GROUP)
public class AlertDeliveryRouting {

    public static final String PROCESSING_GROUP = "alert-delivery-routing";

    private final AlertIntake intake;
    private final LongConsumer beforeRoutingAt;
    private final Consumer<AlertIntake.Report> afterRouting;

    /**
     * @param beforeRoutingAt called with the log position of the delivery before routing it: waits until every
     *                        incident declared by hand before it is adopted by its correlation, so its alerts attach to it
     * @param afterRouting    told each delivery routed here, once (for the intake's counters)
     */
    public AlertDeliveryRouting(AlertIntake intake, LongConsumer beforeRoutingAt, Consumer<AlertIntake.Report> afterRouting) {
        this.intake = intake;
        this.beforeRoutingAt = beforeRoutingAt;
        this.afterRouting = afterRouting;
    }

    @EventHandler
    @DisallowReplay
    void on(AlertDeliveryReceived event, @MetaDataValue(MetadataKeys.ACTOR) String actor, TrackingToken token) {
        if (token != null) {
            token.position().ifPresent(beforeRoutingAt);
        }
        AlertIntake.Report report = intake.receive(event.delivery(), actor);
        if (!report.repeatedDelivery()) {
            afterRouting.accept(report);
        }
    }
}
