package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An objective deadline passed before its step was done. */
@Revision("1")
public record ObjectiveBreached(RebindId rebindId, Objective objective, Instant deadline) implements RebindEvent {
}
