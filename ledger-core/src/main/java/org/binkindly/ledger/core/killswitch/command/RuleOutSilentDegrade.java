package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchId;

/** Confirm no unsupported silent degrade was introduced. */
public record RuleOutSilentDegrade(@TargetAggregateIdentifier KillSwitchId killSwitchId, String evidence) {
}
