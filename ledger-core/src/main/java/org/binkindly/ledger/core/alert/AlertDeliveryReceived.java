package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;

/**
 * A delivery from the alerting system was received and is on record, as made storable, before any of
 * its alerts is routed: the webhook acknowledges it once this is written, and the routing processor
 * ({@link org.binkindly.ledger.core.alert.policy.AlertDeliveryRouting}) routes its alerts from this
 * record, so an acknowledged delivery is routed even if the node stops right after answering.
 *
 * @param deliveryId the delivery's id, a digest of its content
 * @param delivery the delivery as received (unstorable text already corrected and marked)
 */
@Revision("1")
public record AlertDeliveryReceived(AlertDeliveryId deliveryId, IncomingDelivery delivery) implements AlertDeliveryEvent {
}
