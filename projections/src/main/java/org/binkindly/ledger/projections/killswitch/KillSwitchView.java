package org.binkindly.ledger.projections.killswitch;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.KillSwitchState;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;

/**
 * A kill-switch activation as an operator reads it; {@code version} is the sequence number of its last event.
 * {@code graduationFrozen} agrees with the scope's posture: an active real switch freezes graduation, a drill
 * rehearses and freezes nothing.
 */
public record KillSwitchView(
        KillSwitchId killSwitchId,
        KillSwitchKind kind,
        Scope scope,
        boolean active,
        boolean drill,
        boolean graduationFrozen,
        String reason,
        IncidentId incidentId,
        Instant activatedAt,
        Provenance activated,
        List<KillSwitchState.LaneChangeEntry> laneChanges,
        List<KillSwitchState.Entry> silentDegradeChecks,
        List<KillSwitchState.Validation> validations,
        List<KillSwitchState.PolicyState> policyStates,
        List<KillSwitchState.CleanRun> cleanRuns,
        List<KillSwitchState.RollbackConfidence> rollbackConfidence,
        KillSwitchState.Entry release,
        boolean releasable,
        List<String> missingForRelease,
        long version) {

    public static KillSwitchView of(KillSwitchState state) {
        List<String> gaps = state.isActive() ? state.releaseGaps() : List.of();
        return new KillSwitchView(state.killSwitchId(), state.kind(), state.scope(), state.isActive(), state.drill(),
                state.isActive() && !state.drill(), state.reason(), state.incidentId(), state.activatedAt(), state.activated(),
                state.laneChanges(), state.silentDegradeChecks(), state.validations(), state.policyStates(),
                state.cleanRuns(), state.rollbackConfidence(), state.release(), state.isActive() && gaps.isEmpty(), gaps,
                state.version());
    }
}
