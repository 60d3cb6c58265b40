package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The launch was completed with no no-go rule blocking; the gate's findings are its evidence. */
@Revision("1")
public record LaunchCompleted(LaunchId launchId, List<NoGoFinding> findings) implements LaunchEvent {
}
