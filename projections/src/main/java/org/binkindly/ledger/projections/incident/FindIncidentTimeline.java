package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentId;

/** Every recorded fact about an incident, oldest first, with who recorded it. */
public record FindIncidentTimeline(IncidentId incidentId) {
}
