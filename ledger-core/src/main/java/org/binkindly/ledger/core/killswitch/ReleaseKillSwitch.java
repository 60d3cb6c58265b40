package org.binkindly.ledger.core.killswitch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Release the kill switch; refused until clean scheduled evidence and rollback confidence exist. */
public record ReleaseKillSwitch(@TargetAggregateIdentifier KillSwitchId killSwitchId, String reason) {
}
