package org.binkindly.ledger.core.killswitch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Confirm no unsupported silent degrade was introduced. */
public record RuleOutSilentDegrade(@TargetAggregateIdentifier KillSwitchId killSwitchId, String evidence) {
}
