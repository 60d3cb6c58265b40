package org.binkindly.ledger.core.launch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sign off the launch for one area; the signer is the authenticated caller. */
public record SignOffLaunch(@TargetAggregateIdentifier LaunchId launchId, SignOffArea area) {
}
