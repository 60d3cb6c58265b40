package org.binkindly.ledger.core.alert.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.IncomingDelivery;

/** Put a delivery on record before routing it; a delivery on record already is a no-op. Answers a {@code DeliveryReceipt}. */
public record ReceiveAlertDelivery(@TargetAggregateIdentifier AlertDeliveryId deliveryId, IncomingDelivery delivery) {
}
