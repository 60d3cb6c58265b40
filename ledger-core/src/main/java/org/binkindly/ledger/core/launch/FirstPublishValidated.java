package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The first production publish was read back from storage and its pack checksum recomputed; {@code detail} says why it failed, if it did. */
@Revision("1")
public record FirstPublishValidated(LaunchId launchId, String manifestId, Instant publishedAt, String manifestSha256,
                                    String packSha256Declared, String packSha256Actual, boolean passed, String detail)
        implements LaunchEvent {
}
