package org.binkindly.ledger.core.rebind.command;

import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record what storage held: the active manifest and the target, or why they could not be read. */
public record RecordManifestProbe(@TargetAggregateIdentifier RebindId rebindId, StoredManifest active, StoredManifest target, String failure) {
}
