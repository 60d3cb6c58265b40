package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rebinds (drills and real ones) against the rollback objective: 15 minutes to restore, 30 to confirm integrity.
 *
 * @param rebinds each rebind, newest first
 * @param byOutcome how many rebinds had each outcome: MET, MISSED, FAILED, IN_PROGRESS
 * @param objectiveProvenByDrill true when a drill rebind met both objectives
 */
public record RollbackReviewsView(List<RollbackReview> rebinds, Map<Outcome, Integer> byOutcome, boolean objectiveProvenByDrill) {

    public enum Outcome { MET, MISSED, FAILED, IN_PROGRESS }

    /**
     * @param rebindId the rebind's id
     * @param scope the rebind's scope, written kind/id
     * @param drill true for a drill
     * @param incidentId the linked incident's id, if any
     * @param badPublishConfirmedAt when the bad publish was confirmed (UTC instant, ISO 8601): the objectives count from it
     * @param phase the rebind's phase: STARTED, PROBED, REBOUND, VERIFIED, COMPLETED or FAILED
     * @param restoreSeconds seconds from the confirmation to the safe manifest being active; absent until completed
     * @param integritySeconds seconds from the confirmation to its integrity being confirmed; absent until completed
     * @param restoreObjectiveMet true when restored within 15 minutes; absent until completed
     * @param integrityObjectiveMet true when integrity was confirmed within 30 minutes; absent until completed
     * @param breaches the objectives (RESTORE, INTEGRITY) whose deadline passed first
     * @param outcome MET (both objectives), MISSED (completed late), FAILED or IN_PROGRESS
     */
    public record RollbackReview(RebindId rebindId, Scope scope, boolean drill, IncidentId incidentId, Instant badPublishConfirmedAt,
                                 RebindState.Phase phase, Long restoreSeconds, Long integritySeconds, Boolean restoreObjectiveMet,
                                 Boolean integrityObjectiveMet, List<String> breaches, Outcome outcome) {
    }
}
