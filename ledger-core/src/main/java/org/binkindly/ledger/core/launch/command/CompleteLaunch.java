package org.binkindly.ledger.core.launch.command;

import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Complete the launch; {@code findings} are the no-go gate's evaluation for the scope and build at this moment. */
public record CompleteLaunch(@TargetAggregateIdentifier LaunchId launchId, List<NoGoFinding> findings) {
}
