package org.binkindly.ledger.core.rebind;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that the scope's locality overlay was disabled and the baseline is served alone. */
public record DisableOverlay(@TargetAggregateIdentifier RebindId rebindId, String reason) {
}
