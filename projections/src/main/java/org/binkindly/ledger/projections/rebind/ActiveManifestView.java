package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/**
 * A scope's active and last-known-good manifest as the ledger last probed or wrote them, the
 * last rebind and the integrity state: VERIFIED (readback matched), MISMATCH (readback did not),
 * UNVERIFIED (written or probed, not yet read back). When the last rebind failed, {@code lastFailure}
 * says at which step and why, even when storage could not be read at all (then no manifest is known).
 *
 * @param scope the scope, written kind/id
 * @param active the manifest active.json points at, as last probed or written
 * @param lastKnownGood the last manifest known to be good: the one a rebind goes back to by default
 * @param lastRebindId the scope's last rebind (GET /rebinds/{id})
 * @param lastRebindPhase that rebind's phase: STARTED, PROBED, REBOUND, VERIFIED, COMPLETED or FAILED
 * @param integrity VERIFIED (readback matched), MISMATCH (it did not) or UNVERIFIED (written or probed, not yet read back)
 * @param lastFailure when the last rebind failed: at which step and why
 * @param updatedAt when the view last changed (UTC instant, ISO 8601)
 */
public record ActiveManifestView(Scope scope, Manifest active, Manifest lastKnownGood, String lastRebindId,
                                 String lastRebindPhase, String integrity, RebindState.Failure lastFailure, Instant updatedAt) {

    /** The same view naming the last rebind's failure (null when it has not failed). */
    public ActiveManifestView withLastFailure(RebindState.Failure failure) {
        return new ActiveManifestView(scope, active, lastKnownGood, lastRebindId, lastRebindPhase, integrity, failure, updatedAt);
    }

    /**
     * @param manifestId the manifest's id in the scope's manifest history
     * @param manifestSha256 the SHA-256 of the manifest document, 64 lower-case hex digits
     * @param packSha256 the SHA-256 the manifest declares for its pack, 64 lower-case hex digits
     */
    public record Manifest(String manifestId, String manifestSha256, String packSha256) {
    }
}
