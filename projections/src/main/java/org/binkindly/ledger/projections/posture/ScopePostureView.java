package org.binkindly.ledger.projections.posture;

import org.binkindly.ledger.core.shared.Scope;

import java.util.List;

/**
 * A scope's operational posture from the log. While publish is paused, {@code wording} carries the
 * runbook's public line; otherwise it is null. Drills are listed but never change the posture.
 *
 * @param scope the scope, written kind/id
 * @param degraded true while an open incident, active kill switch or unfinished rebind degrades the scope
 * @param graduationFrozen true while the scope's lanes may not graduate: an open AI-lane or fallback incident, or an active real kill switch
 * @param publishPaused true while publishing to the scope is paused
 * @param reasons what raises the flags: each open incident, active kill switch or unfinished rebind
 * @param drills drills of the scope in progress; listed, but they never change the posture
 * @param wording the runbook's public line while publish is paused; absent otherwise
 */
public record ScopePostureView(Scope scope, boolean degraded, boolean graduationFrozen, boolean publishPaused,
                               List<Reason> reasons, List<Reason> drills, String wording) {

    public static final String PUBLISH_PAUSED_WORDING = "[Intention: Amanah] Publish remains paused for this scope until "
            + "last-known-good safety, rollback evidence, and truth checks are restored.";

    public enum Flag { DEGRADED, GRADUATION_FROZEN, PUBLISH_PAUSED }

    /**
     * One open incident, active kill switch or unfinished rebind, and which flags it raises.
     *
     * @param sourceType INCIDENT, KILL_SWITCH or REBIND
     * @param sourceId the incident's, kill switch's or rebind's id
     * @param subtype the incident class, the kill-switch kind, or the rebind's state (IN_PROGRESS, FAILED, COMPLETED)
     * @param severity an incident's severity, SEV1 to SEV3; absent for kill switches and rebinds
     * @param flags which of DEGRADED, GRADUATION_FROZEN and PUBLISH_PAUSED it raises
     */
    public record Reason(String sourceType, String sourceId, String subtype, String severity, List<Flag> flags) {
    }
}
