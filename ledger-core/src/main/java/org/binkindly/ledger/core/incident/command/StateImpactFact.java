package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentId;

/** Restate one impact fact, keeping the others as they were stated. */
public record StateImpactFact(@TargetAggregateIdentifier IncidentId incidentId, ImpactFact fact, ImpactFact.Value value,
                              String reason) {
}
