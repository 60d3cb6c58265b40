package org.binkindly.ledger.core.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Restate one impact fact, keeping the others as they were stated. */
public record StateImpactFact(@TargetAggregateIdentifier IncidentId incidentId, ImpactFact fact, ImpactFact.Value value,
                              String reason) {
}
