package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;

/** Alertmanager truncated the delivery ({@code truncatedAlerts}): this many alerts of the group never reached the ledger. */
@Revision("1")
public record AlertsLost(AlertDeliveryId deliveryId, String receiver, String groupKey, int lostAlerts) implements AlertDeliveryEvent {
}
