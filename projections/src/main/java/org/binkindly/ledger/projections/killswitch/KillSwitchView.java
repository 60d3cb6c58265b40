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
 *
 * @param killSwitchId the switch's id, assigned by the ledger at activation (the last segment of its Location)
 * @param kind AI_LANE (the AI-assisted sorting lane) or BAD_PACK (a bad pack kept from being served)
 * @param scope the scope switched off, written kind/id
 * @param active true until the switch is released
 * @param drill true for a rehearsal switch
 * @param graduationFrozen true while a real (not drill) switch is active: the scope's lanes may not graduate
 * @param reason why the switch was thrown
 * @param incidentId the linked incident's id, if any
 * @param activatedAt when the switch was thrown (UTC instant, ISO 8601)
 * @param activated who recorded the activation and when the ledger stored it
 * @param laneChanges how the AI lane was disabled or narrowed, oldest first
 * @param silentDegradeChecks the silent-degrade checks recorded, oldest first
 * @param validations the rounds of targeted validation, oldest first
 * @param policyStates the runtime policy states recorded, oldest first
 * @param cleanRuns the clean scheduled runs recorded, oldest first
 * @param rollbackConfidence the rollback-confidence proofs recorded, oldest first
 * @param release why and by whom the switch was released; absent while active
 * @param releasable true when the switch is active and nothing its release needs is missing
 * @param missingForRelease what the release still needs: CLEAN_SCHEDULED_RUN, ROLLBACK_CONFIDENCE, and TARGETED_VALIDATION/{locality} for each locality whose latest validation FAILED; empty once released
 * @param version the sequence number of the switch's last event: send it as If-Match to act only on what was read
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
