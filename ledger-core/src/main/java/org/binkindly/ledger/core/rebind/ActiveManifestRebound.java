package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

/** The target manifest was written to the active key, and storage answered with this ETag and version (checklist step 3). */
@Revision("1")
public record ActiveManifestRebound(RebindId rebindId, String manifestId, String manifestSha256, String etag, String versionId) implements RebindEvent {
}
