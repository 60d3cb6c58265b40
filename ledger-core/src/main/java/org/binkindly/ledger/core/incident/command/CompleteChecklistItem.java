package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that a checklist obligation was carried out, with its evidence. */
public record CompleteChecklistItem(@TargetAggregateIdentifier IncidentId incidentId, String itemId, String evidence, Instant performedAt) {
}
