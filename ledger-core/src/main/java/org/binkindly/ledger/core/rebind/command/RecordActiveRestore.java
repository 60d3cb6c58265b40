package org.binkindly.ledger.core.rebind.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.WriteResult;

/** Record the write that put back the manifest a failed rebind replaced, or why it did not happen. */
public record RecordActiveRestore(@TargetAggregateIdentifier RebindId rebindId, WriteResult result, String etag,
                                  String versionId, String detail) {
}
