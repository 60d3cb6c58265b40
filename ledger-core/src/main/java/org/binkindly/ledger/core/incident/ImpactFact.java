package org.binkindly.ledger.core.incident;

import org.binkindly.ledger.core.shared.Severity;

/**
 * The facts of the runbook's severity model. A fact that is true, or not yet known, demands at
 * least its severity ("fail closed when certainty drops").
 */
public enum ImpactFact {
    ACTIVE_TRUTH_WRONG_FOR_USERS(Severity.SEV1, "active published truth is wrong for users"),
    ROLLBACK_PATH_FAILING(Severity.SEV1, "rollback path is failing"),
    MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE(Severity.SEV1, "manifest resolution is broadly unavailable"),
    REFRESH_PIPELINE_DEGRADED(Severity.SEV2, "refresh pipeline is degraded"),
    CRITICAL_SCOPE_STALE_PACK_BREACH(Severity.SEV2, "stale-pack threshold is breached for critical scope"),
    FALLBACK_PATH_SPIKING(Severity.SEV2, "fallback/rescue path spikes materially"),
    NON_CRITICAL_SCOPE_DEGRADED(Severity.SEV3, "non-critical scope is degraded"),
    EARLY_WARNING_THRESHOLD_CROSSED(Severity.SEV3, "early warning thresholds are crossed");

    private final Severity demands;
    private final String runbookWording;

    ImpactFact(Severity demands, String runbookWording) {
        this.demands = demands;
        this.runbookWording = runbookWording;
    }

    public Severity demands() {
        return demands;
    }

    public String runbookWording() {
        return runbookWording;
    }

    /** What an operator states about a fact; anything not stated is UNKNOWN. */
    public enum Value { YES, NO, UNKNOWN }
}
