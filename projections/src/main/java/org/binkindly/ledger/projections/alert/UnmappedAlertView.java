package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.incident.ReceivedAlert;

import java.time.Instant;

/** An alert the alert matrix could not route, as it arrived, and why. */
public record UnmappedAlertView(AlertDeliveryId deliveryId, String status, String reason, ReceivedAlert alert, Instant receivedAt) {
}
