package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertOutcome;

import java.time.Instant;
import java.util.List;

/**
 * One delivery from the alerting system and what became of each of its alerts.
 *
 * @param deliveryId the delivery's id, assigned by the ledger
 * @param receiver the Alertmanager receiver that sent it
 * @param status the delivery's status as sent: firing or resolved
 * @param groupKey Alertmanager's group key of the delivery
 * @param truncatedAlerts how many alerts Alertmanager left out of it
 * @param routed true once every alert of it has been routed; false while it is on record but routing goes on
 * @param alertCount how many alerts it carried
 * @param outcomes what became of each of its alerts, in the delivery's order (empty until routed)
 * @param receivedAt when it arrived (UTC instant, ISO 8601)
 * @param actor who delivered it: the token's name or JWT subject
 */
public record AlertDeliveryView(AlertDeliveryId deliveryId, String receiver, String status, String groupKey,
                                int truncatedAlerts, boolean routed, int alertCount, List<AlertOutcome> outcomes,
                                Instant receivedAt, String actor) {
}
