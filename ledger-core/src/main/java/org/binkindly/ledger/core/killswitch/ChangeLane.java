package org.binkindly.ledger.core.killswitch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that the AI lane was disabled or narrowed. */
public record ChangeLane(@TargetAggregateIdentifier KillSwitchId killSwitchId, LaneChange change, String detail) {
}
