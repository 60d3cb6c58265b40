package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

/**
 * The SHA-256 of the final release build was archived.
 *
 * @param launchId the launch's id, written launch:{kind}/{id}@{appBuild}
 * @param artifact the build artifact's name
 * @param sha256 the artifact's SHA-256, 64 hex digits
 * @param location where the artifact is archived
 */
@Revision("1")
public record BuildChecksumArchived(LaunchId launchId, String artifact, String sha256, String location) implements LaunchEvent {
}
