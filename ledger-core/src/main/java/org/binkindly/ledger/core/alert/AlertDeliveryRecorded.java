package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;

import java.util.List;

/** A delivery from the alerting system was received, with what became of each of its alerts. */
@Revision("1")
public record AlertDeliveryRecorded(AlertDeliveryId deliveryId, String receiver, String status, String groupKey,
                                    String externalUrl, int truncatedAlerts, List<AlertOutcome> outcomes)
        implements AlertDeliveryEvent {
}
