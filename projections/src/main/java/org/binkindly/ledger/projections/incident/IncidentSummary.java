package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;

/**
 * One line of an incident list.
 *
 * @param incidentId the incident's id
 * @param incidentClass the incident class
 * @param scope the incident's scope, written kind/id
 * @param severity the severity in force, SEV1 to SEV3
 * @param status OPEN or CLOSED
 * @param detectedAt when the failure was first detected (UTC instant, ISO 8601)
 * @param version the sequence number of the incident's last event
 */
public record IncidentSummary(IncidentId incidentId, IncidentClass incidentClass, Scope scope, Severity severity,
                              IncidentState.Status status, Instant detectedAt, long version) {
}
