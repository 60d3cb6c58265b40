package org.binkindly.ledger.core.launch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.launch.LaunchId;

/** Complete the launch; the launch consults the no-go gate for its scope and build itself. */
public record CompleteLaunch(@TargetAggregateIdentifier LaunchId launchId) {
}
