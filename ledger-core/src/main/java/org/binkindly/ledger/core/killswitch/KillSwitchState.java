package org.binkindly.ledger.core.killswitch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A kill-switch activation as its events describe it: shared by the aggregate (rules), the
 * projections (views) and time travel. It only assigns state.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class KillSwitchState {

    /**
     * A piece of evidence in words.
     *
     * @param text the evidence, in the operator's words
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Entry(String text, Provenance provenance) {
    }

    /**
     * How the AI lane was changed.
     *
     * @param change DISABLED or NARROWED
     * @param detail what exactly was changed
     * @param provenance who recorded it and when the ledger stored it
     */
    public record LaneChangeEntry(LaneChange change, String detail, Provenance provenance) {
    }

    /**
     * One round of targeted validation.
     *
     * @param results each locality's result
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Validation(List<LocalityValidation> results, Provenance provenance) {
        public boolean allPassed() {
            return results.stream().allMatch(result -> result.outcome() == LocalityValidation.Outcome.PASSED);
        }
    }

    /**
     * The runtime policy state as read while the switch is on.
     *
     * @param sorterMode the runbook's sorter_mode, as the runtime reports it
     * @param riskState the runbook's risk_state, as the runtime reports it
     * @param allowedErrorCodes the runbook's allowed_error_codes, as the runtime reports them
     * @param graduationCounters the country lanes' graduation counters, keyed by lane
     * @param provenance who recorded it and when the ledger stored it
     */
    public record PolicyState(String sorterMode, String riskState, List<String> allowedErrorCodes,
                              Map<String, Integer> graduationCounters, Provenance provenance) {
    }

    /**
     * A clean scheduled run.
     *
     * @param runReference the scheduled run's id or link
     * @param completedAt when the run completed (UTC instant, ISO 8601)
     * @param evidence what shows the run was clean
     * @param provenance who recorded it and when the ledger stored it
     */
    public record CleanRun(String runReference, Instant completedAt, String evidence, Provenance provenance) {
    }

    /**
     * Rollback confidence, proven by a completed rebind.
     *
     * @param evidence what shows a rollback would work
     * @param rebindReference the id of the completed, integrity-verified rebind of the switch's scope that proves it
     * @param provenance who recorded it and when the ledger stored it
     */
    public record RollbackConfidence(String evidence, String rebindReference, Provenance provenance) {
    }

    private KillSwitchId killSwitchId;
    private KillSwitchKind kind;
    private Scope scope;
    private String reason;
    private IncidentId incidentId;
    private boolean drill;
    private Instant activatedAt;
    private Provenance activated;
    private List<LaneChangeEntry> laneChanges = new ArrayList<>();
    private List<Entry> silentDegradeChecks = new ArrayList<>();
    private List<Validation> validations = new ArrayList<>();
    private List<PolicyState> policyStates = new ArrayList<>();
    private List<CleanRun> cleanRuns = new ArrayList<>();
    private List<RollbackConfidence> rollbackConfidence = new ArrayList<>();
    private Entry release;
    private long version = -1;

    @JsonCreator
    private KillSwitchState() {
    }

    public static KillSwitchState activatedBy(KillSwitchActivated event, Provenance provenance, long sequenceNumber) {
        return new KillSwitchState().apply(event, provenance, sequenceNumber);
    }

    public KillSwitchState apply(KillSwitchEvent event, Provenance provenance, long sequenceNumber) {
        if (event instanceof KillSwitchActivated e) {
            killSwitchId = e.killSwitchId();
            kind = e.kind();
            scope = e.scope();
            reason = e.reason();
            incidentId = e.incidentId();
            drill = e.drill();
            activatedAt = e.activatedAt();
            activated = provenance;
        } else if (event instanceof LaneChanged e) {
            laneChanges.add(new LaneChangeEntry(e.change(), e.detail(), provenance));
        } else if (event instanceof SilentDegradeRuledOut e) {
            silentDegradeChecks.add(new Entry(e.evidence(), provenance));
        } else if (event instanceof TargetedValidationRecorded e) {
            validations.add(new Validation(List.copyOf(e.results()), provenance));
        } else if (event instanceof RuntimePolicyStateRecorded e) {
            policyStates.add(new PolicyState(e.sorterMode(), e.riskState(), List.copyOf(e.allowedErrorCodes()),
                    Map.copyOf(e.graduationCounters()), provenance));
        } else if (event instanceof CleanScheduledRunRecorded e) {
            cleanRuns.add(new CleanRun(e.runReference(), e.completedAt(), e.evidence(), provenance));
        } else if (event instanceof RollbackConfidenceRecorded e) {
            rollbackConfidence.add(new RollbackConfidence(e.evidence(), e.rebindReference(), provenance));
        } else if (event instanceof KillSwitchReleased e) {
            release = new Entry(e.reason(), provenance);
        }
        version = sequenceNumber;
        return this;
    }

    /** What must still be recorded before the switch may be released: the runbook's re-enable condition. */
    public List<String> releaseGaps() {
        List<String> gaps = new ArrayList<>();
        if (cleanRuns.isEmpty()) {
            gaps.add("CLEAN_SCHEDULED_RUN");
        }
        if (rollbackConfidence.isEmpty()) {
            gaps.add("ROLLBACK_CONFIDENCE");
        }
        failingLocalities().forEach(locality -> gaps.add("TARGETED_VALIDATION/" + locality));
        return gaps;
    }

    /** Localities whose latest targeted validation FAILED: each blocks release until it passes again. */
    public List<String> failingLocalities() {
        Map<String, LocalityValidation.Outcome> latest = new java.util.TreeMap<>();
        for (Validation validation : validations) {
            validation.results().forEach(result -> latest.put(result.locality(), result.outcome()));
        }
        return latest.entrySet().stream().filter(entry -> entry.getValue() == LocalityValidation.Outcome.FAILED)
                .map(Map.Entry::getKey).toList();
    }

    public boolean isActive() {
        return release == null;
    }

    public KillSwitchId killSwitchId() { return killSwitchId; }
    public KillSwitchKind kind() { return kind; }
    public Scope scope() { return scope; }
    public String reason() { return reason; }
    public IncidentId incidentId() { return incidentId; }
    public boolean drill() { return drill; }
    public Instant activatedAt() { return activatedAt; }
    public Provenance activated() { return activated; }
    public List<LaneChangeEntry> laneChanges() { return Collections.unmodifiableList(laneChanges); }
    public List<Entry> silentDegradeChecks() { return Collections.unmodifiableList(silentDegradeChecks); }
    public List<Validation> validations() { return Collections.unmodifiableList(validations); }
    public List<PolicyState> policyStates() { return Collections.unmodifiableList(policyStates); }
    public List<CleanRun> cleanRuns() { return Collections.unmodifiableList(cleanRuns); }
    public List<RollbackConfidence> rollbackConfidence() { return Collections.unmodifiableList(rollbackConfidence); }
    public Entry release() { return release; }
    public long version() { return version; }
}
