package org.binkindly.ledger.core.killswitch.command;

import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Confirm no unsupported silent degrade was introduced. */
public record RuleOutSilentDegrade(@TargetAggregateIdentifier KillSwitchId killSwitchId, String evidence) {
}
