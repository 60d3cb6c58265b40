package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.ChecklistItem;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.VerificationOutcome;

import java.util.Arrays;
import java.util.List;

/** For each of the nine evidence fields and each checklist item: present or missing; and whether closure is possible. */
public record EvidenceCompletenessView(
        IncidentId incidentId,
        IncidentState.Status status,
        List<Field> fields,
        List<Item> checklist,
        boolean latestVerificationPassed,
        boolean closable,
        List<String> missing,
        long version) {

    public record Field(EvidenceField field, String runbookWording, boolean present) {
    }

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
