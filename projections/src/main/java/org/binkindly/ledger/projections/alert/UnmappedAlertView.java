package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.incident.ReceivedAlert;

import java.time.Instant;

/**
 * An alert the alert matrix could not route, as it first arrived, and why; once per alert
 * (fingerprint, start, status): {@code deliveries} counts the deliveries that brought it,
 * {@code lastReceivedAt} the latest.
 *
 * @param deliveryId the delivery that first brought the alert (listed by GET /alerts/deliveries)
 * @param status the alert's status as sent: firing or resolved
 * @param reason why the alert matrix could not route it
 * @param alert the alert as it first arrived
 * @param receivedAt when it first arrived (UTC instant, ISO 8601)
 * @param deliveries how many deliveries brought it
 * @param lastReceivedAt when the latest of them arrived (UTC instant, ISO 8601)
 */
public record UnmappedAlertView(AlertDeliveryId deliveryId, String status, String reason, ReceivedAlert alert, Instant receivedAt,
                                int deliveries, Instant lastReceivedAt) {
}
