package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;

/** Repeated recurrence (the runbook's SEV3 "do not ignore"): per class and scope, the incidents flagged and what they repeated. */
public record RecurrencesView(List<Recurrence> recurrences) {

    /**
     * @param incidents every incident of the class and scope in the period that was flagged or that a flagged one repeated,
     *                  oldest first
     */
    public record Recurrence(IncidentClass incidentClass, Scope scope, int flagged, List<Occurrence> incidents) {
    }

    public record Occurrence(IncidentId incidentId, Instant detectedAt, List<IncidentId> recurrenceOf) {
    }
}
