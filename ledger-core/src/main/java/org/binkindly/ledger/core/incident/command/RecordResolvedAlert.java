package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;

import java.time.Instant;

/** Record that a firing the incident received has resolved; this never closes the incident. */
public record RecordResolvedAlert(@TargetAggregateIdentifier IncidentId incidentId, ReceivedAlert alert, Instant endsAt) {
}
