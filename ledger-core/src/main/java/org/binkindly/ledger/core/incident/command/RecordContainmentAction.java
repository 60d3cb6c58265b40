package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;

/** Record a containment action. */
public record RecordContainmentAction(@TargetAggregateIdentifier IncidentId incidentId, String action, Instant performedAt) {
}
