package org.binkindly.ledger.core.rebind;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/**
 * A manifest as read from object storage: what it declares, plus the SHA-256 of the exact bytes
 * read and the storage ETag those bytes had.
 *
 * @param manifestId     the manifest's own id ({@code manifestId} field)
 * @param scope          the scope it declares
 * @param packKey        the object key of the pack it points at
 * @param packSha256     the SHA-256 it declares for that pack (lower-case hex)
 * @param publishedAt    when it was published
 * @param manifestSha256 SHA-256 of the manifest bytes as read (lower-case hex)
 * @param etag           the storage ETag of the object read, used for conditional writes
 */
public record StoredManifest(String manifestId, Scope scope, String packKey, String packSha256, Instant publishedAt,
                             String manifestSha256, String etag) {
}
