package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The caller takes a runbook role on the incident; taking INCIDENT_OWNER from another person needs a handover reason. */
public record ClaimRole(@TargetAggregateIdentifier IncidentId incidentId, IncidentRole role, String handoverReason) {

    public ClaimRole(IncidentId incidentId, IncidentRole role) {
        this(incidentId, role, null);
    }
}
