package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.List;

/** Open incidents grouped by scope; scopes and incidents ordered most severe first, then oldest first. */
public record SeverityBoardView(List<ScopeRow> scopes, int openIncidents) {

    public record ScopeRow(Scope scope, Severity highestSeverity, List<IncidentRow> incidents) {
    }

    public record IncidentRow(IncidentId incidentId, IncidentClass incidentClass, Severity severity, Instant detectedAt,
                              int openChecklistItems, int missingForClosure) {
    }
}
