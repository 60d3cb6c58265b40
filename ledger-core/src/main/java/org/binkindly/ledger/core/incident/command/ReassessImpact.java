package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentId;

/** Restate the impact facts; the severity follows them up, and down to any escalation floor. */
public record ReassessImpact(@TargetAggregateIdentifier IncidentId incidentId, ImpactAssessment impact) {
}
