package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

/** A release owner signed the launch off for one area, on the evidence recorded before it. */
@Revision("1")
public record LaunchSignedOff(LaunchId launchId, SignOffArea area, String signer) implements LaunchEvent {
}
