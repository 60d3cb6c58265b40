package org.binkindly.ledger.core.rebind;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An objective deadline passed before its step was done. */
@Revision("1")
public record ObjectiveBreached(RebindId rebindId, Objective objective, Instant deadline) implements RebindEvent {
}
