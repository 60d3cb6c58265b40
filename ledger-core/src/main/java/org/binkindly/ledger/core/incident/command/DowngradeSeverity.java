package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Severity;

/** Lower the incident's severity, below what the facts demand if need be, with a recorded reason. */
public record DowngradeSeverity(@TargetAggregateIdentifier IncidentId incidentId, Severity severity, String reason) {
}
