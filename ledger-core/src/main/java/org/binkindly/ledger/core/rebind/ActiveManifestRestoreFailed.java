package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

/** Putting back the manifest a failed rebind replaced did not happen; active.json may still name the failed target. */
@Revision("1")
public record ActiveManifestRestoreFailed(RebindId rebindId, WriteResult result, String reason) implements RebindEvent {
}
