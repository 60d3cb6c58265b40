package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;

/** The caller takes a runbook role on the incident; taking INCIDENT_OWNER from another person needs a handover reason. */
public record ClaimRole(@TargetAggregateIdentifier IncidentId incidentId, IncidentRole role, String handoverReason) {

    public ClaimRole(IncidentId incidentId, IncidentRole role) {
        this(incidentId, role, null);
    }
}
