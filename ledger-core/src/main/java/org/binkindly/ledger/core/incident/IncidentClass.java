package org.binkindly.ledger.core.incident;

import java.util.List;

import static org.binkindly.ledger.core.incident.ChecklistItem.firstAction;
import static org.binkindly.ledger.core.incident.ChecklistItem.step;

/**
 * The runbook's six incident classes, plus the four alert kinds of the alert matrix that have no
 * class of their own (their first action is their checklist). Each carries its runbook steps and
 * its closure condition, word for word where the runbook gives words.
 */
public enum IncidentClass {

    SOURCE_OUTAGE(true,
            "refresh blocks or remains on last known good",
            "upstream source recovers or scope is explicitly downgraded truthfully",
            List.of(
                    step("SO_CONFIRM_SCOPE", "Confirm affected locality or country scope."),
                    step("SO_CHECK_LKG_ACTIVE", "Check whether last known good remains active."),
                    step("SO_CLASSIFY_CAUSE", "Confirm whether the issue is upstream outage, source format drift, "
                            + "admission/probeability drift, or temporary rate-limit or anti-bot posture."),
                    step("SO_KEEP_LKG_IF_SAFE", "If active truth is still safe: keep last known good active; do not force publish."),
                    step("SO_SUSPEND_EXPANSION_IF_AT_RISK", "If supported-scope freshness promise is now at risk: mark incident "
                            + "severity; suspend maturity or expansion decisions for that scope."),
                    step("SO_RECORD_NEXT_REVIEW", "Record evidence and next review time."))),

    PUBLISH_FAILURE(true,
            "publish_blocked; last known good remains active",
            "publish path passes again without weakening gates",
            List.of(
                    step("PF_IDENTIFY_FAILING_STAGE", "Identify failing stage: verifier gate, attestation, R2 write, "
                            + "manifest promotion, or canary readback."),
                    step("PF_CONFIRM_LKG_ACTIVE", "Confirm active manifest still points to valid last known good."),
                    step("PF_NO_GATE_BYPASS", "Do not bypass publish gates."),
                    step("PF_LEAVE_ACTIVE_IF_ISOLATED", "If failure is isolated and active truth remains safe: leave active "
                            + "manifest unchanged; investigate cause."),
                    step("PF_PAUSE_GRADUATION_IF_REPEATED", "If repeated failures suggest unstable lane behavior: pause "
                            + "graduation for affected scope; consider AI kill switch or scope narrowing."),
                    step("PF_CAPTURE_AUDIT_EVIDENCE", "Capture audit evidence and operator notes."))),

    STALE_PACK(true,
            "locality is treated as degraded operationally; product truth may require caution or refusal",
            "fresh publish succeeds and active scope returns within threshold",
            List.of(
                    step("SP_CONFIRM_SCOPE_AND_THRESHOLD", "Confirm affected scope and threshold breached."),
                    step("SP_CHECK_REFRESH_STATE", "Check whether refresh is blocked, delayed, or silently not due."),
                    step("SP_DETERMINE_EXTENT", "Determine whether the stale state is localized, country-wide, or pipeline-wide."),
                    step("SP_DEGRADE_IF_INDEFENSIBLE", "If freshness claim is no longer defensible: treat scope as degraded "
                            + "operationally; stop any expansion or graduation decisions relying on that scope."),
                    step("SP_RESTORE_OR_ADJUST_CLAIMS", "Restore refresh path or adjust public truth claims before closure."))),

    FALLBACK_SPIKE(true,
            "trust weakens even if publishes still succeed",
            "scheduled clean primary success returns to normal thresholds",
            List.of(
                    step("FS_CONFIRM_SPREAD", "Confirm whether spike is locality-specific, country-lane specific, or model-wide."),
                    step("FS_CHECK_POLICY_STATE", "Check runtime policy state: sorter_mode, risk_state, allowed_error_codes, "
                            + "country-lane graduation counters."),
                    step("FS_STOP_TREATING_AS_MATURE", "Stop treating affected scope as mature."),
                    step("FS_NARROW_IF_AI_INSTABILITY", "If AI instability is involved: narrow scope or activate AI kill switch."),
                    step("FS_SOURCE_QUALITY_IF_DRIFT", "If source quality drift is involved: treat as source-quality incident, "
                            + "not model win."),
                    step("FS_PRESERVE_LANE_EVIDENCE", "Preserve evidence for lane-governance review."))),

    BAD_PUBLISH(true,
            "immediate scope containment; rollback to last known good",
            "active user-facing truth is restored to safe state within objective",
            List.of(
                    step("BP_ROLL_BACK_TO_LKG", "Roll back active manifest to last known good pack."),
                    step("BP_BASELINE_ONLY_IF_NEEDED", "If needed, disable affected locality overlay and serve baseline-only "
                            + "where truthful."),
                    step("BP_CONFIRM_CHECKSUMS", "Confirm pack checksum and manifest integrity."),
                    step("BP_PROBE_AFTER_CONTAINMENT", "Probe manifest resolution and pack read path after containment."),
                    step("BP_PRESERVE_EVIDENCE_BEFORE_REPAIR", "Preserve incident evidence before attempting forward repair."),
                    step("BP_CAPTURE_OBJECTIVE_OUTCOME", "Capture timestamps and outcome against rollback objective."))),

    AI_LANE_INSTABILITY(true,
            "AI-assisted sorting may need to be disabled or narrowed without breaking truthful service",
            "lane is re-enabled only after clean scheduled evidence and rollback confidence",
            List.of(
                    step("AI_FREEZE_GRADUATION", "Freeze graduation decisions for affected scope."),
                    step("AI_DISABLE_OR_NARROW_LANE", "Disable or narrow the relevant AI lane."),
                    step("AI_CONFIRM_NO_SILENT_DEGRADE", "Confirm no unsupported silent degrade has been introduced."),
                    step("AI_TARGETED_VALIDATION", "Run targeted validation on a representative locality set."),
                    step("AI_RECORD_ACTIVATION", "Record reason, scope, activation time, validation result."))),

    RESOLVER_HEALTH(false,
            "manifest resolution or rules API path fails probes",
            "recorded evidence of recovery: manifest resolution and rules API probes pass again",
            List.of(
                    firstAction("RH_VALIDATE_READ_PATH", "Validate publisher read path."),
                    firstAction("RH_REBIND_IF_NEEDED", "Rebind or roll back if needed."))),

    WORKFLOW_WATCHDOG(false,
            "orchestrator harvest/discovery/onboarding watchdog breach",
            "recorded evidence of recovery: the watchdog is clear and the backlog drains",
            List.of(
                    firstAction("WW_INSPECT_ACTIVE_RUN", "Inspect active run."),
                    firstAction("WW_INSPECT_LOCK_STATE", "Inspect lock state."),
                    firstAction("WW_INSPECT_BACKLOG", "Inspect downstream backlog."))),

    KILL_SWITCH_ACTIVATION(false,
            "AI or bad-pack kill switch enabled",
            "recorded evidence of recovery: containment confirmed and follow-up evidence complete",
            List.of(
                    firstAction("KA_CONFIRM_CONTAINMENT", "Confirm containment."),
                    firstAction("KA_CONFIRM_SCOPE", "Confirm scope of the kill switch."),
                    firstAction("KA_FOLLOW_UP_EVIDENCE", "Confirm follow-up evidence."))),

    TRIGGER_DEDUPE_SPIKE(false,
            "abnormal burst or operator contention pattern",
            "recorded evidence of recovery: duplicate ingress back to normal",
            List.of(
                    firstAction("TD_INSPECT_INGRESS_CAUSE", "Inspect duplicate ingress cause."),
                    firstAction("TD_INSPECT_LOCK_OWNERSHIP", "Inspect active lock ownership.")));

    private final boolean runbookClass;
    private final String expectedEffect;
    private final String closureCondition;
    private final List<ChecklistItem> steps;

    IncidentClass(boolean runbookClass, String expectedEffect, String closureCondition, List<ChecklistItem> steps) {
        this.runbookClass = runbookClass;
        this.expectedEffect = expectedEffect;
        this.closureCondition = closureCondition;
        this.steps = steps;
    }

    /** True for the runbook's six classes; false for alert kinds that open incidents of their own. */
    public boolean isRunbookClass() {
        return runbookClass;
    }

    public String expectedEffect() {
        return expectedEffect;
    }

    public String closureCondition() {
        return closureCondition;
    }

    public List<ChecklistItem> steps() {
        return steps;
    }

    public ChecklistItem closureConditionItem() {
        return new ChecklistItem("CLOSURE_CONDITION", ChecklistItem.Origin.CLOSURE_CONDITION,
                "Closure condition: " + closureCondition + ".");
    }
}
