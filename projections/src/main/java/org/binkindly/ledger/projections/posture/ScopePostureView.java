package org.binkindly.ledger.projections.posture;

import org.binkindly.ledger.core.shared.Scope;

import java.util.List;

/**
 * A scope's operational posture from the log. While publish is paused, {@code wording} carries the
 * runbook's public line; otherwise it is null. Drills are listed but never change the posture.
 */
public record ScopePostureView(Scope scope, boolean degraded, boolean graduationFrozen, boolean publishPaused,
                               List<Reason> reasons, List<Reason> drills, String wording) {

    public static final String PUBLISH_PAUSED_WORDING = "[Intention: Amanah] Publish remains paused for this scope until "
            + "last-known-good safety, rollback evidence, and truth checks are restored.";

    public enum Flag { DEGRADED, GRADUATION_FROZEN, PUBLISH_PAUSED }

    /** One open incident, active kill switch or unfinished rebind, and which flags it raises. */
    public record Reason(String sourceType, String sourceId, String subtype, String severity, List<Flag> flags) {
    }
}
