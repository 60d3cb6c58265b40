package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.List;

/**
 * Open incidents grouped by scope; scopes and incidents ordered most severe first, then oldest first.
 *
 * @param scopes the scopes with open incidents, most severe first
 * @param openIncidents how many incidents are open in all
 */
public record SeverityBoardView(List<ScopeRow> scopes, int openIncidents) {

    /**
     * @param scope the scope, written kind/id
     * @param highestSeverity the highest severity among its open incidents
     * @param incidents its open incidents, most severe first, then oldest first
     */
    public record ScopeRow(Scope scope, Severity highestSeverity, List<IncidentRow> incidents) {
    }

    /**
     * @param incidentId the incident's id
     * @param incidentClass the incident class
     * @param severity the severity in force, SEV1 to SEV3
     * @param detectedAt when the failure was first detected (UTC instant, ISO 8601)
     * @param openChecklistItems how many checklist items are neither completed nor waived
     * @param missingForClosure how many things the incident still needs before it can close
     */
    public record IncidentRow(IncidentId incidentId, IncidentClass incidentClass, Severity severity, Instant detectedAt,
                              int openChecklistItems, int missingForClosure) {
    }
}
