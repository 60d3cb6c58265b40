package org.binkindly.ledger.core.shared;

/**
 * Stable codes for every rule the ledger enforces. They travel unchanged to the HTTP problem
 * details, so clients and runbooks can match on them; never rename one.
 */
public enum RuleCode {
    INVALID_SCOPE(Category.INVALID),
    INCIDENT_NOT_FOUND(Category.NOT_FOUND),
    INCIDENT_ALREADY_EXISTS(Category.CONFLICT),
    INCIDENT_ALREADY_OPEN(Category.CONFLICT),
    INCIDENT_CLOSED(Category.CONFLICT),
    TEXT_REQUIRED(Category.INVALID),
    TEXT_TOO_LONG(Category.INVALID),
    SEVERITY_BELOW_DERIVED(Category.CONFLICT),
    ESCALATION_NOT_ABOVE_CURRENT(Category.CONFLICT),
    DOWNGRADE_NOT_BELOW_CURRENT(Category.CONFLICT),
    CHECKLIST_ITEM_NOT_FOUND(Category.NOT_FOUND),
    CHECKLIST_ITEM_ALREADY_COMPLETED(Category.CONFLICT),
    CLOSURE_CONDITION_NOT_WAIVABLE(Category.CONFLICT),
    NOT_INCIDENT_OWNER(Category.CONFLICT),
    HANDOVER_REASON_REQUIRED(Category.CONFLICT),
    INTERVENTION_REFERENCE_REQUIRED(Category.INVALID),
    INTERVENTION_REFERENCE_NOT_ALLOWED(Category.INVALID),
    INCIDENT_NOT_CLOSABLE(Category.CONFLICT),
    KILL_SWITCH_NOT_FOUND(Category.NOT_FOUND),
    KILL_SWITCH_RELEASED(Category.CONFLICT),
    KILL_SWITCH_RELEASE_NOT_EARNED(Category.CONFLICT),
    ROLLBACK_REBIND_NOT_PROOF(Category.CONFLICT),
    LANE_CHANGE_ONLY_FOR_AI_LANE(Category.CONFLICT),
    VALIDATION_LOCALITIES_REQUIRED(Category.INVALID),
    INVALID_LOCALITY(Category.INVALID),
    CLEAN_RUN_BEFORE_ACTIVATION(Category.CONFLICT),
    REBIND_NOT_FOUND(Category.NOT_FOUND),
    REBIND_STEP_OUT_OF_ORDER(Category.CONFLICT),
    REBIND_FINISHED(Category.CONFLICT),
    REBIND_EVIDENCE_REQUIRED(Category.INVALID),
    REBIND_TARGET_WRONG_SCOPE(Category.CONFLICT),
    REBIND_TARGET_MISMATCH(Category.CONFLICT),
    DRILL_LINKED_TO_INCIDENT(Category.INVALID),
    INVALID_APP_BUILD(Category.INVALID),
    INVALID_CHECKSUM(Category.INVALID),
    LAUNCH_EVIDENCE_INCOMPLETE(Category.CONFLICT),
    LAUNCH_BLOCKED(Category.CONFLICT),
    SIGNER_ALREADY_SIGNED(Category.CONFLICT),
    EXPANSION_BLOCKED(Category.CONFLICT),
    LAUNCH_NOT_FOUND(Category.NOT_FOUND),
    LINK_ACROSS_SCOPES(Category.CONFLICT);

    /** What kind of failure a code is, independent of any transport. */
    public enum Category { INVALID, NOT_FOUND, CONFLICT }

    private final Category category;

    RuleCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
