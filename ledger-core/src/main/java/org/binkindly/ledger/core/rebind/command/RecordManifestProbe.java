package org.binkindly.ledger.core.rebind.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.StoredManifest;

/**
 * Record what storage held: the active manifest and the target, or why they could not be read.
 * {@code targetPackSha256Actual} is the SHA-256 recomputed from the target's pack bytes before any
 * write; it is required evidence for an automatic rebind and checked whenever it is given.
 */
public record RecordManifestProbe(@TargetAggregateIdentifier RebindId rebindId, StoredManifest active, StoredManifest target,
                                  String targetPackSha256Actual, String failure) {

    /** A probe without the pre-write pack check (manual mode, or a failed probe). */
    public RecordManifestProbe(RebindId rebindId, StoredManifest active, StoredManifest target, String failure) {
        this(rebindId, active, target, null, failure);
    }
}
