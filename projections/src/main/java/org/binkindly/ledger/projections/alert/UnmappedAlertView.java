package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.incident.ReceivedAlert;

import java.time.Instant;

/**
 * An alert the alert matrix could not route, as it first arrived, and why; once per alert
 * (fingerprint, start, status): {@code deliveries} counts the deliveries that brought it,
 * {@code lastReceivedAt} the latest.
 */
public record UnmappedAlertView(AlertDeliveryId deliveryId, String status, String reason, ReceivedAlert alert, Instant receivedAt,
                                int deliveries, Instant lastReceivedAt) {
}
