package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The first production publish was read back from storage and its pack checksum recomputed; {@code detail} says why it failed, if it did.
 *
 * @param launchId the launch's id, written launch:{kind}/{id}@{appBuild}
 * @param manifestId the active manifest read back
 * @param publishedAt when it was published (UTC instant, ISO 8601)
 * @param manifestSha256 the SHA-256 of the manifest read back, 64 hex digits
 * @param packSha256Declared the pack SHA-256 the manifest declares
 * @param packSha256Actual the SHA-256 recomputed from the pack bytes read back
 * @param passed true when the manifest was read, was the expected one, and its pack matched
 * @param detail why it failed, if it did
 */
@Revision("1")
public record FirstPublishValidated(LaunchId launchId, String manifestId, Instant publishedAt, String manifestSha256,
                                    String packSha256Declared, String packSha256Actual, boolean passed, String detail)
        implements LaunchEvent {
}
