package org.binkindly.ledger.core.killswitch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record the evidence that rollback works for the scope. */
public record RecordRollbackConfidence(@TargetAggregateIdentifier KillSwitchId killSwitchId, String evidence, String rebindReference) {
}
