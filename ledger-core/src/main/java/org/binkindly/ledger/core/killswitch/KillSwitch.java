package org.binkindly.ledger.core.killswitch;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.binkindly.ledger.core.killswitch.command.ActivateKillSwitch;
import org.binkindly.ledger.core.killswitch.command.ChangeLane;
import org.binkindly.ledger.core.killswitch.command.RecordCleanScheduledRun;
import org.binkindly.ledger.core.killswitch.command.RecordRollbackConfidence;
import org.binkindly.ledger.core.killswitch.command.RecordRuntimePolicyState;
import org.binkindly.ledger.core.killswitch.command.RecordTargetedValidation;
import org.binkindly.ledger.core.killswitch.command.ReleaseKillSwitch;
import org.binkindly.ledger.core.killswitch.command.RuleOutSilentDegrade;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One activation of a kill switch, from activation to release. Activation freezes graduation for
 * the scope; release is earned only with clean scheduled evidence and rollback confidence (the
 * runbook's re-enable condition). A drill is the same thing flagged {@code drill}.
 */
@AggregateRoot
class KillSwitch {

    static final int MAX_VALIDATION_LOCALITIES = 200;

    @AggregateIdentifier
    private KillSwitchId killSwitchId;
    private KillSwitchState state;

    KillSwitch() {
        // rebuilt from events
    }

    @CommandHandler
    KillSwitch(ActivateKillSwitch command) {
        apply(new KillSwitchActivated(command.killSwitchId(), Objects.requireNonNull(command.kind(), "kind"),
                Objects.requireNonNull(command.scope(), "scope"), Texts.required(command.reason(), "reason"),
                command.incidentId(), command.drill(), Objects.requireNonNull(command.activatedAt(), "activatedAt")));
    }

    @CommandHandler
    void handle(ChangeLane command) {
        requireActive();
        if (state.kind() != KillSwitchKind.AI_LANE) {
            throw new LedgerRuleViolation(RuleCode.LANE_CHANGE_ONLY_FOR_AI_LANE,
                    "%s is a %s switch; only the AI lane kill switch disables or narrows a lane".formatted(killSwitchId, state.kind()));
        }
        LaneChange change = Objects.requireNonNull(command.change(), "change");
        String detail = Texts.required(command.detail(), "lane change detail");
        if (!state.laneChanges().isEmpty()) {
            KillSwitchState.LaneChangeEntry last = state.laneChanges().get(state.laneChanges().size() - 1);
            if (last.change() == change && last.detail().equals(detail)) {
                return;
            }
        }
        apply(new LaneChanged(killSwitchId, change, detail));
    }

    @CommandHandler
    void handle(RuleOutSilentDegrade command) {
        requireActive();
        String evidence = Texts.required(command.evidence(), "evidence");
        if (state.silentDegradeChecks().stream().anyMatch(check -> check.text().equals(evidence))) {
            return;
        }
        apply(new SilentDegradeRuledOut(killSwitchId, evidence));
    }

    @CommandHandler
    void handle(RecordTargetedValidation command) {
        requireActive();
        List<LocalityValidation> results = command.results();
        if (results == null || results.isEmpty()) {
            throw new LedgerRuleViolation(RuleCode.VALIDATION_LOCALITIES_REQUIRED,
                    "targeted validation needs a result for each representative locality");
        }
        if (results.size() > MAX_VALIDATION_LOCALITIES) {
            throw new LedgerRuleViolation(RuleCode.VALIDATION_LOCALITIES_REQUIRED,
                    "at most %d localities per validation run".formatted(MAX_VALIDATION_LOCALITIES));
        }
        Map<String, LocalityValidation> byLocality = new LinkedHashMap<>();
        for (LocalityValidation result : results) {
            Objects.requireNonNull(result.outcome(), "outcome");
            String locality = validLocality(result.locality());
            if (byLocality.put(locality, new LocalityValidation(locality, result.outcome(),
                    Texts.optional(result.note(), "note"))) != null) {
                throw new LedgerRuleViolation(RuleCode.INVALID_LOCALITY, "locality %s is listed twice".formatted(locality));
            }
        }
        List<LocalityValidation> normalised = List.copyOf(byLocality.values());
        if (!state.validations().isEmpty()
                && state.validations().get(state.validations().size() - 1).results().equals(normalised)) {
            return;
        }
        apply(new TargetedValidationRecorded(killSwitchId, normalised));
    }

    @CommandHandler
    void handle(RecordRuntimePolicyState command) {
        requireActive();
        RuntimePolicyStateRecorded seen = new RuntimePolicyStateRecorded(killSwitchId,
                Texts.required(command.sorterMode(), "sorter_mode"), Texts.required(command.riskState(), "risk_state"),
                command.allowedErrorCodes() == null ? List.of() : List.copyOf(command.allowedErrorCodes()),
                command.graduationCounters() == null ? Map.of() : Map.copyOf(command.graduationCounters()));
        if (!state.policyStates().isEmpty()) {
            KillSwitchState.PolicyState last = state.policyStates().get(state.policyStates().size() - 1);
            if (last.sorterMode().equals(seen.sorterMode()) && last.riskState().equals(seen.riskState())
                    && last.allowedErrorCodes().equals(seen.allowedErrorCodes())
                    && last.graduationCounters().equals(seen.graduationCounters())) {
                return; // the same state seen again is not a new fact
            }
        }
        apply(seen);
    }

    @CommandHandler
    void handle(RecordCleanScheduledRun command) {
        requireActive();
        String reference = Texts.required(command.runReference(), "run reference");
        Instant completedAt = Objects.requireNonNull(command.completedAt(), "completedAt");
        String evidence = Texts.required(command.evidence(), "evidence");
        if (completedAt.isBefore(state.activatedAt())) {
            throw new LedgerRuleViolation(RuleCode.CLEAN_RUN_BEFORE_ACTIVATION,
                    "run %s completed at %s, before the switch was activated at %s; only runs while it is active count"
                            .formatted(reference, completedAt, state.activatedAt()));
        }
        if (state.cleanRuns().stream().anyMatch(run -> run.runReference().equals(reference))) {
            return;
        }
        apply(new CleanScheduledRunRecorded(killSwitchId, reference, completedAt, evidence));
    }

    @CommandHandler
    void handle(RecordRollbackConfidence command) {
        requireActive();
        String evidence = Texts.required(command.evidence(), "evidence");
        String reference = Texts.optional(command.rebindReference(), "rebind reference");
        if (reference == null) {
            // Free text is a claim, not proof: the runbook's rollback confidence is a rebind the log shows verified.
            throw new LedgerRuleViolation(RuleCode.ROLLBACK_REBIND_NOT_PROOF,
                    "rollback confidence names the rebind that proves it (rebindReference): a rebind of %s that completed "
                            .formatted(state.scope()) + "with integrity verified");
        }
        requireRollbackProof(reference, command.referencedRebind());
        if (state.rollbackConfidence().stream()
                .anyMatch(entry -> entry.evidence().equals(evidence) && Objects.equals(entry.rebindReference(), reference))) {
            return;
        }
        apply(new RollbackConfidenceRecorded(killSwitchId, evidence, reference));
    }

    /** Only a rebind of this scope that completed with integrity verified is rollback confidence; the log decides, not the caller. */
    private void requireRollbackProof(String reference, ReferencedRebind rebind) {
        if (rebind == null || !reference.equals(rebind.rebindId())) {
            throw new LedgerRuleViolation(RuleCode.ROLLBACK_REBIND_NOT_PROOF, "no rebind %s is on record".formatted(reference));
        }
        if (!state.scope().equals(rebind.scope())) {
            throw new LedgerRuleViolation(RuleCode.ROLLBACK_REBIND_NOT_PROOF,
                    "rebind %s rebound %s, not this kill switch's scope %s".formatted(reference, rebind.scope(), state.scope()));
        }
        if (!rebind.provesRollback()) {
            throw new LedgerRuleViolation(RuleCode.ROLLBACK_REBIND_NOT_PROOF,
                    "rebind %s is %s%s; only a rebind that completed with integrity verified proves rollback".formatted(
                            reference, rebind.phase(), rebind.integrityConfirmed() ? "" : " without verified integrity"));
        }
    }

    @CommandHandler
    void handle(ReleaseKillSwitch command) {
        if (!state.isActive()) {
            return;
        }
        List<String> gaps = state.releaseGaps();
        if (!gaps.isEmpty()) {
            throw new LedgerRuleViolation(RuleCode.KILL_SWITCH_RELEASE_NOT_EARNED,
                    "the lane is re-enabled only after clean scheduled evidence and rollback confidence", gaps);
        }
        apply(new KillSwitchReleased(killSwitchId, Texts.required(command.reason(), "reason")));
    }

    @EventSourcingHandler
    void on(KillSwitchEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        Provenance provenance = new Provenance(actor, recordedAt);
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        if (event instanceof KillSwitchActivated activated) {
            killSwitchId = activated.killSwitchId();
            state = KillSwitchState.activatedBy(activated, provenance, sequence);
        } else {
            state.apply(event, provenance, sequence);
        }
    }

    private static String validLocality(String locality) {
        try {
            return Scope.of(ScopeKind.LOCALITY, locality == null ? null : locality.strip()).id();
        } catch (LedgerRuleViolation invalid) {
            throw new LedgerRuleViolation(RuleCode.INVALID_LOCALITY, invalid.getMessage());
        }
    }

    private void requireActive() {
        if (!state.isActive()) {
            throw new LedgerRuleViolation(RuleCode.KILL_SWITCH_RELEASED, "kill switch %s was released".formatted(killSwitchId));
        }
    }
}
