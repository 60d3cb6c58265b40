package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;

/** Record a follow-up requirement. */
public record RecordFollowUp(@TargetAggregateIdentifier IncidentId incidentId, String requirement, Instant dueBy) {
}
