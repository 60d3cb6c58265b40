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
     * @param incidentId the incident's id
     * @param incidentClass the incident class
     * @param scope the incident's scope, written kind/id
     * @param severity the severity in force, SEV1 to SEV3
     * @param status OPEN or CLOSED
     * @param detectedAt when the failure was first detected (UTC instant, ISO 8601)
     * @param timeToFirstContainmentSeconds seconds from detectedAt to firstContainmentAt; absent when not contained
     * @param timeToRestoreSeconds seconds from detectedAt to restoredAt; absent when not restored
     * @param closedAt when the incident was closed (UTC instant, ISO 8601); absent while open
     * @param rollbackObjective how its linked rebinds fared against the rollback objective: MET, MISSED, FAILED, IN_PROGRESS, or NOT_APPLICABLE without one
     * @param recurrenceOf the earlier incidents it was flagged as a recurrence of
     */
    public record IncidentReview(IncidentId incidentId, IncidentClass incidentClass, Scope scope, Severity severity,
                                 IncidentState.Status status, Instant detectedAt, Instant firstContainmentAt,
                                 Long timeToFirstContainmentSeconds, Instant restoredAt, Long timeToRestoreSeconds,
                                 Instant closedAt, RollbackObjective rollbackObjective, List<IncidentId> recurrenceOf) {
    }

    /**
     * Median and worst of a set of durations, in seconds; counted over {@code of} incidents.
     *
     * @param of how many incidents the figures are over
     * @param medianSeconds the median, in seconds; absent over none
     * @param worstSeconds the longest, in seconds; absent over none
     */
    public record Durations(int of, Long medianSeconds, Long worstSeconds) {
    }
}
