package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

/** A step of the rebind failed; nothing is retried silently and the rollback path is treated as failing. */
@Revision("1")
public record RebindFailed(RebindId rebindId, RebindStep step, String reason) implements RebindEvent {
}
