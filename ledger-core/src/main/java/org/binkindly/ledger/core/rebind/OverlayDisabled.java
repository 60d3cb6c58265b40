package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

/** The scope's locality overlay was disabled so only the baseline is served, where that is truthful. */
@Revision("1")
public record OverlayDisabled(RebindId rebindId, String reason) implements RebindEvent {
}
