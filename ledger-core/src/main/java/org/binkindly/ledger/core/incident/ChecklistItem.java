package org.binkindly.ledger.core.incident;

import java.util.Objects;

/**
 * One obligation on an incident: a runbook step, a required response of its severity, its
 * closure condition, or a recurrence review. The text is recorded in the event so an incident
 * keeps the checklist it was worked against even after the runbook changes.
 *
 * @param itemId the item's id within the incident, used in the checklist endpoints' paths, e.g. ALERT_FIRST_ACTION
 * @param origin where the obligation comes from: RUNBOOK_STEP, SEVERITY_RESPONSE, FIRST_ACTION, CLOSURE_CONDITION or RECURRENCE_REVIEW
 * @param text what the item asks for, as the runbook words it
 */
public record ChecklistItem(String itemId, Origin origin, String text) {

    public enum Origin { RUNBOOK_STEP, SEVERITY_RESPONSE, FIRST_ACTION, CLOSURE_CONDITION, RECURRENCE_REVIEW }

    public ChecklistItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(text, "text");
    }

    static ChecklistItem step(String itemId, String text) {
        return new ChecklistItem(itemId, Origin.RUNBOOK_STEP, text);
    }

    static ChecklistItem firstAction(String itemId, String text) {
        return new ChecklistItem(itemId, Origin.FIRST_ACTION, text);
    }

    /** The alert matrix's first action for the alert that opened the incident. */
    static ChecklistItem alertFirstAction(String text) {
        return new ChecklistItem("ALERT_FIRST_ACTION", Origin.FIRST_ACTION, "First action (alert matrix): " + text);
    }
}
