package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Incidents for a post-incident review, each with its measures, and the totals over them.
 *
 * @param incidents newest first
 * @param total     how many matched
 * @param byClass   how many of each class
 * @param byScope   how many in each scope
 * @param timeToFirstContainment median and worst, in seconds, over the incidents that were contained
 * @param timeToRestore          median and worst, in seconds, over the incidents that were restored
 * @param rollbackObjective      how many incidents ended in each rollback-objective outcome
 */
public record IncidentReviewsView(List<IncidentReview> incidents, int total, Map<IncidentClass, Integer> byClass,
                                  Map<String, Integer> byScope, Durations timeToFirstContainment, Durations timeToRestore,
                                  Map<RollbackObjective, Integer> rollbackObjective) {

    /** How an incident fared against the runbook's rollback objective, by its linked rebinds (the best of them). */
    public enum RollbackObjective { MET, MISSED, FAILED, IN_PROGRESS, NOT_APPLICABLE }

    /**
     * @param firstContainmentAt the earliest containment the log holds: a containment action performed, a kill switch
     *                           activated for the incident, or a linked rebind's safe manifest written
     * @param restoredAt         the earliest evidence of safe state: a passed verification, or a linked rebind's restore
     *                           (a completed rebind: written, read back and probed)
     */
    public record IncidentReview(IncidentId incidentId, IncidentClass incidentClass, Scope scope, Severity severity,
                                 IncidentState.Status status, Instant detectedAt, Instant firstContainmentAt,
                                 Long timeToFirstContainmentSeconds, Instant restoredAt, Long timeToRestoreSeconds,
                                 Instant closedAt, RollbackObjective rollbackObjective, List<IncidentId> recurrenceOf) {
    }

    /** Median and worst of a set of durations, in seconds; counted over {@code of} incidents. */
    public record Durations(int of, Long medianSeconds, Long worstSeconds) {
    }
}
