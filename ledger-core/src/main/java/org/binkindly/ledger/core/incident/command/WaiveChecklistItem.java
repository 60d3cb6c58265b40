package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

/** Record that a checklist obligation does not apply, and why. */
public record WaiveChecklistItem(@TargetAggregateIdentifier IncidentId incidentId, String itemId, String reason) {
}
