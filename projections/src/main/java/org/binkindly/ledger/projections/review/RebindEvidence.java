package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.projections.rebind.RebindView;

import static org.binkindly.ledger.projections.review.EvidenceItems.by;

/** What the rollback-drill and bad-pack records both say about a rebind: its overlay step and its outcome against the objective. */
final class RebindEvidence {

    private RebindEvidence() {
    }

    static String outcomeText(RebindView.Rebind rebind) {
        if (rebind == null) {
            return null;
        }
        if (rebind.completion() != null) {
            RebindView.Completion done = rebind.completion();
            return "restored at %s, %d s after confirmation (objective %d min: %s); integrity confirmed at %s, %d s (objective %d min: %s)"
                    .formatted(done.restoredAt(), done.restoreSeconds(), Objective.RESTORE.within().toMinutes(),
                            done.restoreObjectiveMet() ? "met" : "MISSED", done.verifiedAt(), done.integritySeconds(),
                            Objective.INTEGRITY.within().toMinutes(), done.integrityObjectiveMet() ? "met" : "MISSED");
        }
        if (rebind.failure() != null) {
            return "FAILED at %s: %s".formatted(rebind.failure().step(), rebind.failure().reason());
        }
        return null;
    }

    static EvidenceRecord.Item overlay(RebindView.Rebind rebind) {
        return new EvidenceRecord.Item("OVERLAY_DISABLED", "Disable the scope's locality overlay and serve baseline-only (if needed)",
                rebind == null || rebind.overlayDisabled() == null ? null : "disabled: " + rebind.overlayReason(),
                rebind == null || rebind.overlayDisabled() == null ? null : by(rebind.overlayDisabled()), false);
    }

    static String rebindOutcome(RebindView.Rebind rebind) {
        if (rebind == null) {
            return "NOTHING_RECORDED";
        }
        if (rebind.completion() != null) {
            return rebind.completion().restoreObjectiveMet() && rebind.completion().integrityObjectiveMet()
                    ? "OBJECTIVE_MET" : "OBJECTIVE_MISSED";
        }
        return rebind.failure() != null ? "FAILED" : "IN_PROGRESS";
    }
}
