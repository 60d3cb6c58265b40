package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;

/**
 * Repeated recurrence (the runbook's SEV3 "do not ignore"): per class and scope, the incidents flagged and what they repeated.
 *
 * @param recurrences one entry per class and scope with flagged recurrences
 */
public record RecurrencesView(List<Recurrence> recurrences) {

    /**
     * @param incidents every incident of the class and scope in the period that was flagged or that a flagged one repeated,
     *                  oldest first
     * @param incidentClass the incident class that recurred
     * @param scope the scope it recurred in, written kind/id
     * @param flagged how many of the incidents were flagged as recurrences
     */
    public record Recurrence(IncidentClass incidentClass, Scope scope, int flagged, List<Occurrence> incidents) {
    }

    /**
     * @param incidentId the incident's id
     * @param detectedAt when its failure was first detected (UTC instant, ISO 8601)
     * @param recurrenceOf the earlier incidents it was flagged as a recurrence of
     */
    public record Occurrence(IncidentId incidentId, Instant detectedAt, List<IncidentId> recurrenceOf) {
    }
}
