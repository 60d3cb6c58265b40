package org.binkindly.ledger.core.launch;

/** The runbook's no-go rules: no launch or expansion while any of them blocks. */
public enum NoGoRule {
    ROLLBACK_OBJECTIVE_PROVEN("rollback objective is undocumented or unproven"),
    KILL_SWITCHES_DEFINED_AND_DRILLED("kill switches are undefined or untested"),
    STALE_PACK_ALERTING_PRESENT("stale-pack alerting is absent"),
    PUBLISH_FAILURES_ROUTED("publish failures are not routed visibly"),
    SCOPE_VALIDATED_IN_PRODUCTION("active supported scope cannot be validated in production");

    private final String blocksWhen;

    NoGoRule(String blocksWhen) {
        this.blocksWhen = blocksWhen;
    }

    /** The runbook's words for the condition under which this rule blocks. */
    public String blocksWhen() {
        return blocksWhen;
    }
}
