package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.LaneChange;

/** Record that the AI lane was disabled or narrowed. */
public record ChangeLane(@TargetAggregateIdentifier KillSwitchId killSwitchId, LaneChange change, String detail) {
}
