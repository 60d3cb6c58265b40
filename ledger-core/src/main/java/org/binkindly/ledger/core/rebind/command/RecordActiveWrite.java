package org.binkindly.ledger.core.rebind.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.WriteResult;

/** Record the outcome of writing the target to the active key, with storage's answer. */
public record RecordActiveWrite(@TargetAggregateIdentifier RebindId rebindId, WriteResult result, String etag, String versionId, String detail) {
}
