package org.binkindly.ledger.core.freshness;

import org.axonframework.serialization.Revision;

/** The watch could not read the scope's active manifest; its freshness is judged by the last publish it saw. */
@Revision("1")
public record ActiveManifestUnreadable(PackFreshnessId freshnessId, String reason) implements PackFreshnessEvent {
}
