package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;

/** One delivery, by its id; answered with an {@code Optional<AlertDeliveryView>}. */
public record FindAlertDelivery(AlertDeliveryId deliveryId) {
}
