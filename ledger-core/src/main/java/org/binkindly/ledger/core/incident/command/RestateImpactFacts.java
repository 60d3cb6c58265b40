package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentId;

import java.util.Map;

/**
 * Restate some impact facts, keeping every fact not named as it was stated; a fact restated as
 * UNKNOWN is un-stated (and so counts as true again).
 */
public record RestateImpactFacts(@TargetAggregateIdentifier IncidentId incidentId, Map<ImpactFact, ImpactFact.Value> restated) {
}
