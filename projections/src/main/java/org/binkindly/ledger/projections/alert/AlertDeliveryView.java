package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertOutcome;

import java.time.Instant;
import java.util.List;

/** One delivery from the alerting system and what became of each of its alerts. */
public record AlertDeliveryView(AlertDeliveryId deliveryId, String receiver, String status, String groupKey,
                                int truncatedAlerts, List<AlertOutcome> outcomes, Instant receivedAt, String actor) {
}
