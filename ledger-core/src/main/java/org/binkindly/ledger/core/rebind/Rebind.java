package org.binkindly.ledger.core.rebind;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.binkindly.ledger.core.rebind.command.DisableOverlay;
import org.binkindly.ledger.core.rebind.command.RecordActiveRestore;
import org.binkindly.ledger.core.rebind.command.RecordActiveWrite;
import org.binkindly.ledger.core.rebind.command.RecordIntegrityReadback;
import org.binkindly.ledger.core.rebind.command.RecordManifestProbe;
import org.binkindly.ledger.core.rebind.command.RecordResolutionProbes;
import org.binkindly.ledger.core.rebind.command.StartRebind;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One rebind of a scope's active manifest back to a known-good manifest, walking the runbook's
 * rollback checklist: scope, manifest probe, write, readback, resolution probes, objective.
 * Each step is a command carrying its evidence, whether the ledger did it (automatic mode, via
 * {@code RebindProcess}) or an operator did it with another tool (manual mode). The objective's
 * deadlines live in the persistent deadline manager and fire once, even across restarts.
 */
@AggregateRoot
class Rebind {

    /** The actor of what the objective timers record. */
    public static final String OBJECTIVE_TIMER = "ledger:rebind-objective-timer";

    @AggregateIdentifier
    private RebindId rebindId;
    private RebindState state;

    Rebind() {
        // rebuilt from events
    }

    @CommandHandler
    Rebind(StartRebind command, DeadlineManager deadlines) {
        requireEvidence(command.scope(), "the scope");
        requireEvidence(command.badPublishConfirmedAt(), "when the bad publish was confirmed");
        if (command.drill() && command.incidentId() != null) {
            // A drill changes nothing users resolve, so it can never be an incident's rollback evidence.
            throw new LedgerRuleViolation(RuleCode.DRILL_LINKED_TO_INCIDENT,
                    "a drill rehearses the rollback and changes nothing users resolve, so it cannot be incident %s's rebind; "
                            .formatted(command.incidentId()) + "start a rebind without drill for the incident");
        }
        RebindMode mode = command.mode() == null ? RebindMode.AUTOMATIC : command.mode();
        Instant confirmed = command.badPublishConfirmedAt();
        Instant restoreDeadline = confirmed.plus(Objective.RESTORE.within());
        Instant integrityDeadline = confirmed.plus(Objective.INTEGRITY.within());
        apply(new RebindStarted(command.rebindId(), command.scope(), Texts.optional(command.targetManifestId(), "target manifest id"),
                command.incidentId(), command.drill(), mode, confirmed, restoreDeadline, integrityDeadline,
                // the ledger rehearses the drills it walks itself; a manual drill is recorded as the operator did it
                command.drill() && mode == RebindMode.AUTOMATIC));
        deadlines.schedule(restoreDeadline, Objective.RESTORE.deadlineName());
        deadlines.schedule(integrityDeadline, Objective.INTEGRITY.deadlineName());
    }

    @CommandHandler
    void handle(RecordManifestProbe command) {
        if (state.phase() == RebindState.Phase.PROBED && Objects.equals(state.target(), command.target())
                && Objects.equals(state.activeBefore(), command.active())) {
            return;
        }
        requirePhase(RebindState.Phase.STARTED, RebindStep.MANIFEST_PROBE);
        if (command.failure() != null) {
            fail(RebindStep.MANIFEST_PROBE, "storage could not be read: " + Texts.optional(command.failure(), "failure"));
            return;
        }
        StoredManifest target = command.target();
        if (target == null) {
            fail(RebindStep.MANIFEST_PROBE, state.targetManifestId() == null
                    ? "scope %s has no last known good manifest".formatted(state.scope())
                    : "manifest %s is not in the history of %s".formatted(state.targetManifestId(), state.scope()));
            return;
        }
        requireEvidence(target.manifestSha256(), "the target manifest's SHA-256 as read");
        requireEvidence(target.packSha256(), "the pack SHA-256 the target declares");
        if (!state.scope().equals(target.scope())) {
            throw new LedgerRuleViolation(RuleCode.REBIND_TARGET_WRONG_SCOPE,
                    "manifest %s declares scope %s, not %s".formatted(target.manifestId(), target.scope(), state.scope()));
        }
        if (state.targetManifestId() != null && !state.targetManifestId().equals(target.manifestId())) {
            throw new LedgerRuleViolation(RuleCode.REBIND_TARGET_MISMATCH,
                    "this rebind targets %s, but the probe names %s".formatted(state.targetManifestId(), target.manifestId()));
        }
        // The target's pack is verified before anything is written: a corrupt pack never becomes active.
        if (state.mode() == RebindMode.AUTOMATIC) {
            requireEvidence(command.targetPackSha256Actual(), "the SHA-256 recomputed from the target's pack bytes");
        }
        if (command.targetPackSha256Actual() != null && !target.packSha256().equalsIgnoreCase(command.targetPackSha256Actual().strip())) {
            fail(RebindStep.MANIFEST_PROBE, "pack %s of manifest %s hashes to %s but the manifest declares %s; nothing was written"
                    .formatted(target.packKey(), target.manifestId(), command.targetPackSha256Actual().strip().toLowerCase(),
                            target.packSha256()));
            return;
        }
        apply(new ManifestProbed(rebindId, command.active(), target));
    }

    @CommandHandler
    void handle(RecordActiveWrite command) {
        requireEvidence(command.result(), "the write's result");
        if (state.phase() == RebindState.Phase.REBOUND && command.result() == WriteResult.WRITTEN
                && command.etag() != null && state.write().etag().equals(command.etag().strip())) {
            return;
        }
        requirePhase(RebindState.Phase.PROBED, RebindStep.ACTIVE_WRITE);
        switch (command.result()) {
            case WRITTEN -> {
                requireEvidence(command.etag(), "storage's ETag for the written active manifest");
                apply(new ActiveManifestRebound(rebindId, state.target().manifestId(), state.target().manifestSha256(),
                        command.etag().strip(), Texts.optional(command.versionId(), "version id")));
            }
            case CONFLICT -> fail(RebindStep.ACTIVE_WRITE, "the active manifest changed since it was probed; nothing was "
                    + "overwritten" + detail(Texts.optional(command.detail(), "detail")));
            case FAILED -> fail(RebindStep.ACTIVE_WRITE, "storage refused or failed the write"
                    + detail(Texts.optional(command.detail(), "detail")));
        }
    }

    @CommandHandler
    void handle(RecordIntegrityReadback command) {
        if (state.phase() == RebindState.Phase.VERIFIED && state.integrity().manifestSha256().equalsIgnoreCase(command.manifestSha256())
                && state.integrity().packSha256().equalsIgnoreCase(command.packSha256Actual())) {
            return;
        }
        requirePhase(RebindState.Phase.REBOUND, RebindStep.INTEGRITY_READBACK);
        if (command.failure() != null) {
            fail(RebindStep.INTEGRITY_READBACK, "readback failed: " + Texts.optional(command.failure(), "failure"));
            return;
        }
        requireEvidence(command.manifestSha256(), "the SHA-256 of the active manifest as read back");
        requireEvidence(command.packSha256Actual(), "the SHA-256 recomputed from the pack bytes read back");
        StoredManifest target = state.target();
        if (!target.manifestSha256().equalsIgnoreCase(command.manifestSha256())) {
            fail(RebindStep.INTEGRITY_READBACK, "the active manifest reads back as %s, not the target's %s"
                    .formatted(command.manifestSha256(), target.manifestSha256()));
        } else if (!target.packSha256().equalsIgnoreCase(command.packSha256Actual())) {
            fail(RebindStep.INTEGRITY_READBACK, "pack %s hashes to %s but the manifest declares %s"
                    .formatted(target.packKey(), command.packSha256Actual(), target.packSha256()));
        } else {
            apply(new IntegrityConfirmed(rebindId, command.manifestSha256().toLowerCase(),
                    command.packSha256Actual().toLowerCase(), command.packBytes()));
        }
    }

    @CommandHandler
    void handle(RecordActiveRestore command) {
        requireEvidence(command.result(), "the restoring write's result");
        if (state.restore() != null) {
            if (state.restore().restored() && command.result() == WriteResult.WRITTEN && command.etag() != null
                    && command.etag().strip().equals(state.restore().etag())) {
                return;
            }
            throw new LedgerRuleViolation(RuleCode.REBIND_FINISHED,
                    "rebind %s already recorded putting back the manifest it replaced".formatted(rebindId));
        }
        if (!state.needsActiveRestored()) {
            throw new LedgerRuleViolation(RuleCode.REBIND_STEP_OUT_OF_ORDER,
                    "rebind %s is at %s; only a rebind that wrote active.json and then failed puts back what it replaced"
                            .formatted(rebindId, state.phase()));
        }
        switch (command.result()) {
            case WRITTEN -> {
                requireEvidence(state.activeBefore(), "the manifest that was active before the write");
                requireEvidence(command.etag(), "storage's ETag for the restored active manifest");
                apply(new ActiveManifestRestored(rebindId, state.activeBefore().manifestId(), state.activeBefore().manifestSha256(),
                        state.write().etag(), command.etag().strip(), Texts.optional(command.versionId(), "version id")));
            }
            case CONFLICT, FAILED -> apply(new ActiveManifestRestoreFailed(rebindId, command.result(),
                    Texts.clipped(Texts.required(command.detail(), "detail"))));
        }
    }

    @CommandHandler
    void handle(RecordResolutionProbes command) {
        requirePhase(RebindState.Phase.VERIFIED, RebindStep.RESOLUTION_PROBES);
        List<ResolutionProbe> probes = command.probes();
        if (probes == null || probes.isEmpty()) {
            throw new LedgerRuleViolation(RuleCode.REBIND_EVIDENCE_REQUIRED,
                    "the post-rollback probe log needs at least one probe of the resolver or rules API");
        }
        for (ResolutionProbe probe : probes) {
            requireEvidence(probe, "each probe");
            requireEvidence(probe.target(), "each probe's target");
            Texts.required(probe.url(), "probe url");
            Texts.optional(probe.detail(), "probe detail");
        }
        boolean allPassed = probes.stream().allMatch(ResolutionProbe::passed);
        apply(new ResolutionProbed(rebindId, List.copyOf(probes), allPassed));
        if (!allPassed) {
            fail(RebindStep.RESOLUTION_PROBES, probes.stream().filter(probe -> !probe.passed())
                    .map(probe -> "%s %s answered %d%s".formatted(probe.target(), probe.url(), probe.status(), detail(probe.detail())))
                    .collect(Collectors.joining("; ")));
            return;
        }
        Instant confirmed = state.badPublishConfirmedAt();
        Instant reboundAt = state.write().provenance().recordedAt();
        Instant verifiedAt = state.integrity().provenance().recordedAt();
        long restoreSeconds = Duration.between(confirmed, reboundAt).toSeconds();
        long integritySeconds = Duration.between(confirmed, verifiedAt).toSeconds();
        apply(new RebindCompleted(rebindId, reboundAt, verifiedAt, restoreSeconds, integritySeconds,
                !reboundAt.isAfter(state.restoreDeadline()), !verifiedAt.isAfter(state.integrityDeadline())));
    }

    @CommandHandler
    void handle(DisableOverlay command) {
        if (state.overlayDisabled() != null) {
            return;
        }
        apply(new OverlayDisabled(rebindId, Texts.required(command.reason(), "reason")));
    }

    /** Judged by when the step was recorded, not when the timer fires: a timer delayed by a restart still tells the truth. */
    @DeadlineHandler(deadlineName = "rebind-restore-objective")
    void restoreObjectiveDue(MetaData due) {
        Instant restoredAt = state.isRestored() ? state.write().provenance().recordedAt() : null;
        breachIfLate(Objective.RESTORE, restoredAt, due);
    }

    @DeadlineHandler(deadlineName = "rebind-integrity-objective")
    void integrityObjectiveDue(MetaData due) {
        Instant verifiedAt = state.isIntegrityConfirmed() ? state.integrity().provenance().recordedAt() : null;
        breachIfLate(Objective.INTEGRITY, verifiedAt, due);
    }

    /**
     * A timer is nobody's command: the breach it finds names the ledger's objective timer as its actor (a deadline
     * carries no caller, and an event without an actor would be nobody's), keeping whatever correlation the timer
     * carried ({@code due}); a breach a command finds ({@code due} null) carries that command's metadata.
     */
    private void breachIfLate(Objective objective, Instant doneAt, MetaData due) {
        Instant deadline = state.deadline(objective);
        if (!state.breaches().containsKey(objective) && (doneAt == null || doneAt.isAfter(deadline))) {
            ObjectiveBreached breach = new ObjectiveBreached(rebindId, objective, deadline);
            if (due == null) {
                apply(breach); // found by a command: its actor and correlation, like every event it causes
            } else {
                apply(breach, due.and(MetadataKeys.ACTOR, OBJECTIVE_TIMER).and(MetadataKeys.ACTOR_SOURCE, "ledger"));
            }
        }
    }

    @EventSourcingHandler
    void on(RebindEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        Provenance provenance = new Provenance(actor, recordedAt);
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        if (event instanceof RebindStarted started) {
            rebindId = started.rebindId();
            state = RebindState.startedBy(started, provenance, sequence);
            return;
        }
        state.apply(event, provenance, sequence);
    }

    private void fail(RebindStep step, String reason) {
        apply(new RebindFailed(rebindId, step, Texts.clipped(reason)));
        // A write followed by a failure restored nothing safe; if its timer already judged the
        // write in time, the failure is when the restore objective turns out missed.
        Instant failedAt = state.failure().provenance().recordedAt();
        if (state.write() != null && failedAt.isAfter(state.restoreDeadline())) {
            breachIfLate(Objective.RESTORE, null, null);
        }
    }

    private void requirePhase(RebindState.Phase expected, RebindStep step) {
        if (state.isFinished()) {
            throw new LedgerRuleViolation(RuleCode.REBIND_FINISHED,
                    "rebind %s already %s".formatted(rebindId, state.phase() == RebindState.Phase.COMPLETED ? "completed" : "failed"));
        }
        if (state.phase() != expected) {
            throw new LedgerRuleViolation(RuleCode.REBIND_STEP_OUT_OF_ORDER,
                    "rebind %s is at %s; %s comes after %s".formatted(rebindId, state.phase(), step, expected));
        }
    }

    private static void requireEvidence(Object value, String what) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new LedgerRuleViolation(RuleCode.REBIND_EVIDENCE_REQUIRED, what + " is required evidence for this step");
        }
    }

    private static String detail(String detail) {
        return detail == null || detail.isBlank() ? "" : ": " + detail;
    }
}
