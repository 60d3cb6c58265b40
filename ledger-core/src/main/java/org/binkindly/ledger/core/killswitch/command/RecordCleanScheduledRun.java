package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchId;

import java.time.Instant;

/** Record a clean scheduled run. */
public record RecordCleanScheduledRun(@TargetAggregateIdentifier KillSwitchId killSwitchId, String runReference, Instant completedAt, String evidence) {
}
