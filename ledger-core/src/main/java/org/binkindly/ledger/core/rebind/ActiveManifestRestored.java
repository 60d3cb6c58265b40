package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

/**
 * After a write whose readback failed, the manifest that was active before was written back, only
 * if active.json still held what this rebind wrote ({@code replacedEtag}); storage answered with this ETag.
 */
@Revision("1")
public record ActiveManifestRestored(RebindId rebindId, String manifestId, String manifestSha256, String replacedEtag,
                                     String etag, String versionId) implements RebindEvent {
}
