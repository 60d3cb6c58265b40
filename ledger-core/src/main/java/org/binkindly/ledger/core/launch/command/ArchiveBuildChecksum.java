package org.binkindly.ledger.core.launch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.launch.LaunchId;

/** Archive the SHA-256 of the final release build of the app. */
public record ArchiveBuildChecksum(@TargetAggregateIdentifier LaunchId launchId, String artifact, String sha256, String location) {
}
