package org.binkindly.ledger.core.alert.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.UnmappedAlert;

import java.util.List;

/** Record a delivery from the alerting system and what became of each alert; a delivery already recorded is a no-op. */
public record RecordAlertDelivery(@TargetAggregateIdentifier AlertDeliveryId deliveryId, String receiver, String status,
                                  String groupKey, String externalUrl, int truncatedAlerts, List<AlertOutcome> outcomes,
                                  List<UnmappedAlert> unmapped) {
}
