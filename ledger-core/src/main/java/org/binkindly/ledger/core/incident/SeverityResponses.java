package org.binkindly.ledger.core.incident;

import org.binkindly.ledger.core.shared.Severity;

import java.util.List;

/** The runbook's "required response" of each severity, as checklist obligations. */
public final class SeverityResponses {

    private SeverityResponses() {
    }

    public static List<ChecklistItem> of(Severity severity) {
        return switch (severity) {
            case SEV1 -> List.of(
                    response("SEV1_CONTAIN_IMMEDIATELY", "Contain immediately."),
                    response("SEV1_KILL_SWITCH_OR_ROLLBACK", "Activate kill switch or rollback."),
                    response("SEV1_PRESERVE_EVIDENCE", "Preserve evidence."),
                    response("SEV1_SUSPEND_RISKY_FORWARD_CHANGE", "Suspend risky forward change."));
            case SEV2 -> List.of(
                    response("SEV2_HALT_EXPANSION", "Halt expansion."),
                    response("SEV2_INVESTIGATE_SAME_WINDOW", "Investigate within same operating window."),
                    response("SEV2_DECIDE_CONTAIN_OR_REPAIR", "Decide contain vs repair."));
            case SEV3 -> List.of(
                    response("SEV3_RECORD", "Record."),
                    response("SEV3_INVESTIGATE", "Investigate."));
        };
    }

    public static ChecklistItem recurrenceReview() {
        return new ChecklistItem("RECURRENCE_REVIEW", ChecklistItem.Origin.RECURRENCE_REVIEW,
                "Do not ignore repeated recurrence: review why this class of incident keeps returning to this scope.");
    }

    private static ChecklistItem response(String itemId, String text) {
        return new ChecklistItem(itemId, ChecklistItem.Origin.SEVERITY_RESPONSE, text);
    }
}
