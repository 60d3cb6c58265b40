package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/**
 * A scope's active and last-known-good manifest as the ledger last probed or wrote them, the
 * last rebind and the integrity state: VERIFIED (readback matched), MISMATCH (readback did not),
 * UNVERIFIED (written or probed, not yet read back). When the last rebind failed, {@code lastFailure}
 * says at which step and why, even when storage could not be read at all (then no manifest is known).
 */
public record ActiveManifestView(Scope scope, Manifest active, Manifest lastKnownGood, String lastRebindId,
                                 String lastRebindPhase, String integrity, RebindState.Failure lastFailure, Instant updatedAt) {

    public record Manifest(String manifestId, String manifestSha256, String packSha256) {
    }
}
