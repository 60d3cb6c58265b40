package org.binkindly.ledger.core.incident;

import java.util.function.Predicate;

/**
 * The runbook's core evidence requirements: the nine facts every meaningful incident must capture
 * before it can close. Each knows how to tell from an incident's state whether it is present.
 */
public enum EvidenceField {
    TIMESTAMP("timestamp", state -> state.detectedAt() != null),
    SCOPE("scope", state -> state.scope() != null),
    TRIGGER_SOURCE("trigger or alert source", state -> state.trigger() != null),
    OBSERVED_FAILURE_MODE("observed failure mode", state -> !state.observedFailureModes().isEmpty()),
    CONTAINMENT_ACTION("containment action", state -> !state.containmentActions().isEmpty()),
    ROLLBACK_OR_KILL_SWITCH_ACTION("rollback or kill-switch action if used (or a statement that none was)",
            state -> !state.interventions().isEmpty() || !state.rebinds().isEmpty()),
    VERIFICATION_RESULT("verification result", state -> !state.verifications().isEmpty()),
    OPERATOR_OR_OWNER("operator or owner", state -> state.roles().containsKey(IncidentRole.ON_CALL_OPERATOR)
            || state.roles().containsKey(IncidentRole.INCIDENT_OWNER)),
    FOLLOW_UP_REQUIREMENT("follow-up requirement", state -> !state.followUps().isEmpty());

    private final String runbookWording;
    private final Predicate<IncidentState> present;

    EvidenceField(String runbookWording, Predicate<IncidentState> present) {
        this.runbookWording = runbookWording;
        this.present = present;
    }

    public String runbookWording() {
        return runbookWording;
    }

    public boolean isPresentIn(IncidentState state) {
        return present.test(state);
    }
}
