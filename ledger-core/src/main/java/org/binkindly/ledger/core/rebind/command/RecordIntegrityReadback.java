package org.binkindly.ledger.core.rebind.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.rebind.RebindId;

/** Record what a readback of the active manifest and its pack hashed to. */
public record RecordIntegrityReadback(@TargetAggregateIdentifier RebindId rebindId, String manifestSha256, String declaredPackSha256, String packSha256Actual, long packBytes, String failure) {
}
