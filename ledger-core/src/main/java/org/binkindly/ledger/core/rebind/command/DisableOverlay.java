package org.binkindly.ledger.core.rebind.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.rebind.RebindId;

/** Record that the scope's locality overlay was disabled and the baseline is served alone. */
public record DisableOverlay(@TargetAggregateIdentifier RebindId rebindId, String reason) {
}
