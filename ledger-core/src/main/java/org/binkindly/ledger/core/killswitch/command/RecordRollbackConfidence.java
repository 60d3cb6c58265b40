package org.binkindly.ledger.core.killswitch.command;

import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record the evidence that rollback works for the scope. */
public record RecordRollbackConfidence(@TargetAggregateIdentifier KillSwitchId killSwitchId, String evidence, String rebindReference) {
}
