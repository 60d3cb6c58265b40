package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An incident as an operator or reviewer reads it. {@code version} is the sequence number of its last event. */
public record IncidentView(
        IncidentId incidentId,
        IncidentClass incidentClass,
        Scope scope,
        IncidentState.Status status,
        Severity severity,
        Severity derivedSeverity,
        List<String> severityReasons,
        Severity escalationFloor,
        IncidentState.Downgrade downgrade,
        String expectedEffect,
        String closureCondition,
        Instant detectedAt,
        Provenance declared,
        TriggerSource trigger,
        List<IncidentState.Note> observedFailureModes,
        ImpactAssessment impact,
        List<IncidentState.SeverityChange> severityHistory,
        List<IncidentState.ChecklistEntry> checklist,
        Map<IncidentRole, IncidentState.RoleHolder> roles,
        List<IncidentState.Note> containmentActions,
        List<IncidentState.Intervention> interventions,
        List<IncidentState.Verification> verifications,
        List<IncidentState.FollowUp> followUps,
        List<IncidentState.Decision> decisions,
        List<IncidentId> recurrenceOf,
        List<IncidentState.LinkedRebind> rebinds,
        List<IncidentState.AlertEntry> alerts,
        IncidentState.Closure closure,
        boolean closable,
        List<String> missingForClosure,
        long version) {

    public static IncidentView of(IncidentState state) {
        List<String> gaps = state.closureGaps();
        return new IncidentView(state.incidentId(), state.incidentClass(), state.scope(), state.status(),
                state.severity(), state.derivedSeverity(), state.impact().reasons(), state.escalationFloor(),
                state.downgrade(), state.incidentClass().expectedEffect(), state.incidentClass().closureCondition(),
                state.detectedAt(), state.declared(), state.trigger(), state.observedFailureModes(), state.impact(),
                state.severityHistory(), state.checklist(), state.roles(), state.containmentActions(),
                state.interventions(), state.verifications(), state.followUps(), state.decisions(),
                state.recurrenceOf(), state.rebinds(), state.alerts(), state.closure(), state.isOpen() && gaps.isEmpty(),
                state.isOpen() ? gaps : List.of(), state.version());
    }
}
