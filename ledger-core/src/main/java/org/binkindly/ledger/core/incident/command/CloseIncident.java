package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

/** Close the incident with its post-incident record; refused while evidence is missing. */
public record CloseIncident(@TargetAggregateIdentifier IncidentId incidentId, String postIncidentRecord) {
}
