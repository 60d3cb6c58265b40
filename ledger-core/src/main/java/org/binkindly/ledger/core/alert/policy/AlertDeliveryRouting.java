package org.binkindly.ledger.core.alert.policy;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageHandlerTimeout;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertDeliveryReceived;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.shared.LongHandlerTimeout;
import org.binkindly.ledger.core.shared.MetadataKeys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Routes the alerts of every delivery the webhook put on record, in the order they were received, so the
 * webhook answers Alertmanager as soon as a delivery is durable (a storm's deliveries are never held
 * past its timeout) and a delivery acknowledged just before a crash is routed when the ledger is back:
 * this processor's token is only past a delivery once its outcomes are recorded. Routing a delivery
 * whose outcomes are on record already is a no-op, and the processor is never replayed.
 *
 * <p>A failure is retried by the processor (with back-off), the delivery's outcomes still unrecorded.
 * One that is not passing (not the database away, not a write conflict) and fails the same delivery
 * {@value #ATTEMPTS} times is set aside: its alerts are kept as unmapped with the failure as the reason,
 * visibly and counted, so one delivery the ledger cannot route never holds up every delivery after it.
 */
@ProcessingGroup(AlertDeliveryRouting.PROCESSING_GROUP)
public class AlertDeliveryRouting {

    public static final String PROCESSING_GROUP = "alert-delivery-routing";

    /** Attempts at a delivery that fails for a reason that is not passing, before it is set aside. */
    public static final int ATTEMPTS = 3;

    private final AlertIntake intake;
    private final LongConsumer beforeRoutingAt;
    private final Consumer<AlertIntake.Report> afterRouting;
    private final Predicate<Throwable> passing;
    // in memory: after a restart a failing delivery gets its attempts again
    private final Map<AlertDeliveryId, Integer> failedAttempts = new ConcurrentHashMap<>();

    /**
     * @param beforeRoutingAt called with the log position of the delivery before routing it: waits until every
     *                        incident declared by hand before it is adopted by its correlation, so its alerts attach to it
     * @param afterRouting    told each delivery routed here, once (for the intake's counters)
     * @param passing         whether a failure is passing (the database away, a write conflict): retried for as long as it lasts
     */
    public AlertDeliveryRouting(AlertIntake intake, LongConsumer beforeRoutingAt, Consumer<AlertIntake.Report> afterRouting,
                                Predicate<Throwable> passing) {
        this.intake = intake;
        this.beforeRoutingAt = beforeRoutingAt;
        this.afterRouting = afterRouting;
        this.passing = passing;
    }

    /**
     * Routing a delivery of 1,000 alerts takes seconds, and far longer on a loaded machine: Axon's default
     * handler time-out (30 s) would interrupt it and the retry would start it over, again and again.
     */
    @EventHandler
    @DisallowReplay
    @MessageHandlerTimeout(timeoutMs = LongHandlerTimeout.TIMEOUT_MS, warningThresholdMs = LongHandlerTimeout.WARNING_THRESHOLD_MS,
            warningIntervalMs = LongHandlerTimeout.WARNING_INTERVAL_MS)
    void on(AlertDeliveryReceived event, @MetaDataValue(MetadataKeys.ACTOR) String actor, TrackingToken token) {
        if (token != null) {
            token.position().ifPresent(beforeRoutingAt);
        }
        AlertIntake.Report report;
        try {
            report = intake.receive(event.delivery(), actor);
        } catch (RuntimeException failure) {
            if (passing.test(failure) || failedAttempts.merge(event.deliveryId(), 1, Integer::sum) < ATTEMPTS) {
                throw failure;
            }
            report = intake.setAside(event.delivery(), actor, "routing failed %d times, set aside: %s".formatted(ATTEMPTS,
                    failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage()));
        }
        failedAttempts.remove(event.deliveryId());
        if (!report.repeatedDelivery()) {
            afterRouting.accept(report);
        }
    }
}
