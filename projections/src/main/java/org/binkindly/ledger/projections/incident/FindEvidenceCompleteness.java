package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentId;

/** Which evidence fields and checklist items are present or missing, and whether the incident can close. */
public record FindEvidenceCompleteness(IncidentId incidentId) {
}
