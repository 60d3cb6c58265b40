package org.binkindly.ledger.core.launch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.launch.LaunchId;

import java.time.Instant;

/** Record the first production publish as the ledger read it back from storage; {@code failure} if it could not be validated. */
public record RecordFirstPublishValidation(@TargetAggregateIdentifier LaunchId launchId, String manifestId, Instant publishedAt,
                                           String manifestSha256, String packSha256Declared, String packSha256Actual,
                                           String failure) {
}
