package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.ReceivedAlert;

/** An alert the alert matrix could not route was kept as received, with the reason it could not be routed. */
@Revision("1")
public record UnmappedAlertKept(AlertDeliveryId deliveryId, ReceivedAlert alert, AlertStatus status, String reason)
        implements AlertDeliveryEvent {
}
