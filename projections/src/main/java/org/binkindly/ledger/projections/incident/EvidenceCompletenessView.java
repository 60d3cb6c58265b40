package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.ChecklistItem;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.VerificationOutcome;

import java.util.Arrays;
import java.util.List;

/**
 * For each of the nine evidence fields and each checklist item: present or missing; and whether closure is possible.
 *
 * @param incidentId the incident's id
 * @param status OPEN or CLOSED
 * @param fields each of the nine evidence fields, present or not
 * @param checklist each checklist item and its status
 * @param latestVerificationPassed true when the latest verification result PASSED
 * @param closable true when the incident is open and nothing it needs for closure is missing
 * @param missing what the incident still needs before it can close, as codes: EVIDENCE/{field}, CHECKLIST/{itemId}, VERIFICATION/LATEST_FAILED and the like
 * @param version the view's version: the sequence number of the incident's last event
 */
public record EvidenceCompletenessView(
        IncidentId incidentId,
        IncidentState.Status status,
        List<Field> fields,
        List<Item> checklist,
        boolean latestVerificationPassed,
        boolean closable,
        List<String> missing,
        long version) {

    /**
     * @param field the evidence field
     * @param runbookWording what the runbook calls it
     * @param present true when the log holds it
     */
    public record Field(EvidenceField field, String runbookWording, boolean present) {
    }

    /**
     * @param itemId the checklist item's id
     * @param origin RUNBOOK_STEP, SEVERITY_RESPONSE, FIRST_ACTION, CLOSURE_CONDITION or RECURRENCE_REVIEW
     * @param text what the item asks for
     * @param status OPEN, COMPLETED or WAIVED
     */
    public record Item(String itemId, ChecklistItem.Origin origin, String text, IncidentState.ItemStatus status) {
    }

    public static EvidenceCompletenessView of(IncidentState state) {
        List<Field> fields = Arrays.stream(EvidenceField.values())
                .map(field -> new Field(field, field.runbookWording(), field.isPresentIn(state)))
                .toList();
        List<Item> items = state.checklist().stream()
                .map(entry -> new Item(entry.item().itemId(), entry.item().origin(), entry.item().text(), entry.status()))
                .toList();
        boolean passed = state.latestVerification()
                .map(verification -> verification.outcome() == VerificationOutcome.PASSED)
                .orElse(false);
        List<String> missing = state.isOpen() ? state.closureGaps() : List.of();
        return new EvidenceCompletenessView(state.incidentId(), state.status(), fields, items, passed,
                state.isOpen() && missing.isEmpty(), missing, state.version());
    }
}
