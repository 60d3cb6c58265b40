package org.binkindly.ledger.core.launch;

/**
 * The runbook's five no-go rules, and its "SEV-2: halt expansion" read as a sixth: no launch or
 * expansion while any of them blocks.
 */
public enum NoGoRule {
    ROLLBACK_OBJECTIVE_PROVEN("rollback objective is undocumented or unproven"),
    KILL_SWITCHES_DEFINED_AND_DRILLED("kill switches are undefined or untested"),
    STALE_PACK_ALERTING_PRESENT("stale-pack alerting is absent"),
    PUBLISH_FAILURES_ROUTED("publish failures are not routed visibly"),
    SCOPE_VALIDATED_IN_PRODUCTION("active supported scope cannot be validated in production"),
    NO_OPEN_INCIDENT_HALTS_EXPANSION("a SEV-1 or SEV-2 incident is open on the scope, its country or the pipeline (SEV-2: halt expansion)");

    private final String blocksWhen;

    NoGoRule(String blocksWhen) {
        this.blocksWhen = blocksWhen;
    }

    /** The runbook's words for the condition under which this rule blocks. */
    public String blocksWhen() {
        return blocksWhen;
    }
}
