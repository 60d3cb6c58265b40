package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

/** Storage was read: the current active manifest and the target to rebind to (checklist step 2: manifest probe). */
@Revision("1")
public record ManifestProbed(RebindId rebindId, StoredManifest active, StoredManifest target) implements RebindEvent {
}
