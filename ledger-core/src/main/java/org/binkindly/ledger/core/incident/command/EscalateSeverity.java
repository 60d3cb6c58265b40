package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Severity;

/** Raise the incident's severity above what the facts demand. */
public record EscalateSeverity(@TargetAggregateIdentifier IncidentId incidentId, Severity severity, String reason) {
}
