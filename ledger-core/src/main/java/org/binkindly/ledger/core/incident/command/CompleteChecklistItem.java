package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;

/** Record that a checklist obligation was carried out, with its evidence. */
public record CompleteChecklistItem(@TargetAggregateIdentifier IncidentId incidentId, String itemId, String evidence, Instant performedAt) {
}
