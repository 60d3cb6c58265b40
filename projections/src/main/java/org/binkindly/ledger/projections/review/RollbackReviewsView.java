package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Rebinds (drills and real ones) against the rollback objective: 15 minutes to restore, 30 to confirm integrity. */
public record RollbackReviewsView(List<RollbackReview> rebinds, Map<Outcome, Integer> byOutcome, boolean objectiveProvenByDrill) {

    public enum Outcome { MET, MISSED, FAILED, IN_PROGRESS }

    public record RollbackReview(RebindId rebindId, Scope scope, boolean drill, IncidentId incidentId, Instant badPublishConfirmedAt,
                                 RebindState.Phase phase, Long restoreSeconds, Long integritySeconds, Boolean restoreObjectiveMet,
                                 Boolean integrityObjectiveMet, List<String> breaches, Outcome outcome) {
    }
}
