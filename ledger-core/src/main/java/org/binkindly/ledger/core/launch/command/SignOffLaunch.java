package org.binkindly.ledger.core.launch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.SignOffArea;

/** Sign off the launch for one area; the signer is the authenticated caller. */
public record SignOffLaunch(@TargetAggregateIdentifier LaunchId launchId, SignOffArea area) {
}
