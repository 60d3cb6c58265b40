package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

/** Read back from storage, the active manifest and its pack hash to what was declared (checklist step 4). */
@Revision("1")
public record IntegrityConfirmed(RebindId rebindId, String manifestSha256, String packSha256, long packBytes) implements RebindEvent {
}
