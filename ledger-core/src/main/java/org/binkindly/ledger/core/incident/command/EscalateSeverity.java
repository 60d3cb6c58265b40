package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Severity;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Raise the incident's severity above what the facts demand. */
public record EscalateSeverity(@TargetAggregateIdentifier IncidentId incidentId, Severity severity, String reason) {
}
