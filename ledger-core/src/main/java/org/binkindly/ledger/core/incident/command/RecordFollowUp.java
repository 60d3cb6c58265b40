package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a follow-up requirement. */
public record RecordFollowUp(@TargetAggregateIdentifier IncidentId incidentId, String requirement, Instant dueBy) {
}
