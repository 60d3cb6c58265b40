package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

/** The SHA-256 of the final release build was archived. */
@Revision("1")
public record BuildChecksumArchived(LaunchId launchId, String artifact, String sha256, String location) implements LaunchEvent {
}
