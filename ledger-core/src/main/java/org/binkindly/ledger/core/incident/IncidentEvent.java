package org.binkindly.ledger.core.incident;

/** Every fact recorded about an incident. */
public sealed interface IncidentEvent permits IncidentDeclared, ChecklistItemsAdded, ImpactReassessed, SeverityChanged,
        ChecklistItemCompleted, ChecklistItemWaived, RoleClaimed, FailureModeObserved, ContainmentActionRecorded,
        InterventionRecorded, VerificationRecorded, FollowUpRecorded, DecisionRecorded, RecurrenceFlagged, IncidentClosed,
        RebindOutcomeRecorded, AlertFired, AlertResolved, KillSwitchLinked, LinkedKillSwitchReleased {

    IncidentId incidentId();
}
