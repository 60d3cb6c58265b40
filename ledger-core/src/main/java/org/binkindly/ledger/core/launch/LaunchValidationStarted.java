package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

/** Launch-day validation of an app build for a scope began with its first piece of evidence. */
@Revision("1")
public record LaunchValidationStarted(LaunchId launchId) implements LaunchEvent {
}
