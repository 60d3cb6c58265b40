package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentId;

/** The incident as it stands now, with its checklist and evidence. */
public record FindIncident(IncidentId incidentId) {
}
