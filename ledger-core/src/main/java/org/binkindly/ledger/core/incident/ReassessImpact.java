package org.binkindly.ledger.core.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Restate the impact facts; the severity follows them up, and down to any escalation floor. */
public record ReassessImpact(@TargetAggregateIdentifier IncidentId incidentId, ImpactAssessment impact) {
}
