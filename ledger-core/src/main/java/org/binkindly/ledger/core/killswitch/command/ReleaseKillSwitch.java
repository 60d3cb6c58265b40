package org.binkindly.ledger.core.killswitch.command;

import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Release the kill switch; refused until clean scheduled evidence and rollback confidence exist. */
public record ReleaseKillSwitch(@TargetAggregateIdentifier KillSwitchId killSwitchId, String reason) {
}
