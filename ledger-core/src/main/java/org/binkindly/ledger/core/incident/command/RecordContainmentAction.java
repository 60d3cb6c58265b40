package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a containment action. */
public record RecordContainmentAction(@TargetAggregateIdentifier IncidentId incidentId, String action, Instant performedAt) {
}
