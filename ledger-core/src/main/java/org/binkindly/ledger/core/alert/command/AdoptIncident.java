package org.binkindly.ledger.core.alert.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.alert.AlertCorrelationId;
import org.binkindly.ledger.core.incident.IncidentId;

/** Make an incident a person declared the one that alerts of its class and scope attach to, if none is open for them. */
public record AdoptIncident(@TargetAggregateIdentifier AlertCorrelationId correlationId, IncidentId incidentId) {
}
