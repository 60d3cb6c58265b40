package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;

/** One line of an incident list. */
public record IncidentSummary(IncidentId incidentId, IncidentClass incidentClass, Scope scope, Severity severity,
                              IncidentState.Status status, Instant detectedAt, long version) {
}
