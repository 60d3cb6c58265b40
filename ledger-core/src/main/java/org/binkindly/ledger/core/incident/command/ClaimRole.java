package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The caller takes a runbook role on the incident. */
public record ClaimRole(@TargetAggregateIdentifier IncidentId incidentId, IncidentRole role) {
}
