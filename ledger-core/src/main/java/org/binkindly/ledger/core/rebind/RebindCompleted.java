package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The rebind was verified end to end, with its timings against the rollback objective (checklist step 6). */
@Revision("1")
public record RebindCompleted(RebindId rebindId, Instant restoredAt, Instant verifiedAt, long restoreSeconds, long integritySeconds,
                              boolean restoreObjectiveMet, boolean integrityObjectiveMet) implements RebindEvent {
}
