package org.binkindly.ledger.core.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record that a firing the incident received has resolved; this never closes the incident. */
public record RecordResolvedAlert(@TargetAggregateIdentifier IncidentId incidentId, ReceivedAlert alert, Instant endsAt) {
}
