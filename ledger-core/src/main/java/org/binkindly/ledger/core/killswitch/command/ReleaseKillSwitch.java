package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchId;

/** Release the kill switch; refused until clean scheduled evidence and rollback confidence exist. */
public record ReleaseKillSwitch(@TargetAggregateIdentifier KillSwitchId killSwitchId, String reason) {
}
