package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.rebind.ActiveManifestRebound;
import org.binkindly.ledger.core.rebind.ActiveManifestRestored;
import org.binkindly.ledger.core.rebind.IntegrityConfirmed;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.RebindEvent;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.rebind.RebindStep;
import org.binkindly.ledger.core.rebind.StoredManifest;

import java.time.Instant;
import java.util.Optional;

/**
 * How rebind events move a scope's active-manifest view, pure: the projector folds each event
 * through it into its table, time travel folds the events recorded up to an instant, in log order.
 * The view follows the rebind that probed the scope last: a step recorded late by an older,
 * overlapping rebind of the same scope does not overwrite what the newer one found. The view's
 * {@code lastFailure} is not folded: it is the last rebind's, read with the view.
 */
public final class ActiveManifestFold {

    private static final String UNVERIFIED = "UNVERIFIED";

    private ActiveManifestFold() {
    }

    /**
     * The scope's view after {@code event}, given the rebind's state after it and the view before it
     * (null while the scope has none); empty when the event leaves the view as it was.
     */
    public static Optional<ActiveManifestView> next(ActiveManifestView current, RebindEvent event, RebindState state,
                                                    Instant recordedAt) {
        if (state.rehearsal()) {
            // a rehearsed drill wrote only its own copy: what users resolve, and so this view, did not change
            return Optional.empty();
        }
        String rebindId = state.rebindId().value();
        String phase = state.phase().name();
        if (event instanceof ManifestProbed probed) {
            ActiveManifestView.Manifest lastKnownGood = state.targetManifestId() == null ? manifest(probed.target()) : null;
            return Optional.of(new ActiveManifestView(state.scope(), manifest(probed.active()),
                    lastKnownGood != null || current == null ? lastKnownGood : current.lastKnownGood(), rebindId, phase,
                    UNVERIFIED, null, recordedAt));
        }
        if (event instanceof RebindFailed && state.probed() == null) {
            // Failed before storage was read: the scope still gets a view naming this rebind and its failure,
            // keeping whatever an earlier probe found.
            return Optional.of(current == null
                    ? new ActiveManifestView(state.scope(), null, null, rebindId, phase, UNVERIFIED, null, recordedAt)
                    : new ActiveManifestView(current.scope(), current.active(), current.lastKnownGood(), rebindId, phase,
                    current.integrity(), null, recordedAt));
        }
        if (current == null || !rebindId.equals(current.lastRebindId())) {
            return Optional.empty();
        }
        if (event instanceof ActiveManifestRebound) {
            return Optional.of(withActive(current, manifest(state.target()), phase, recordedAt));
        }
        if (event instanceof ActiveManifestRestored) {
            // What was active before the failed write is active again; nobody has read it back since.
            return Optional.of(withActive(current, manifest(state.activeBefore()), phase, recordedAt));
        }
        String integrity = current.integrity();
        if (event instanceof IntegrityConfirmed) {
            integrity = "VERIFIED";
        } else if (event instanceof RebindFailed failed && failed.step() == RebindStep.INTEGRITY_READBACK) {
            integrity = "MISMATCH";
        }
        return Optional.of(new ActiveManifestView(current.scope(), current.active(), current.lastKnownGood(), rebindId, phase,
                integrity, null, recordedAt));
    }

    private static ActiveManifestView withActive(ActiveManifestView current, ActiveManifestView.Manifest active, String phase,
                                                 Instant recordedAt) {
        return new ActiveManifestView(current.scope(), active, current.lastKnownGood(), current.lastRebindId(), phase, UNVERIFIED,
                null, recordedAt);
    }

    private static ActiveManifestView.Manifest manifest(StoredManifest stored) {
        return stored == null ? null : new ActiveManifestView.Manifest(stored.manifestId(), stored.manifestSha256(), stored.packSha256());
    }
}
