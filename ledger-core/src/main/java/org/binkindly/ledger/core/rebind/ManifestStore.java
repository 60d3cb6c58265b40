package org.binkindly.ledger.core.rebind;

import org.binkindly.ledger.core.shared.Scope;

import java.util.Optional;

/**
 * Port: the object storage that holds each scope's manifests and packs (S3 / R2 in production).
 * Layout, per scope {@code kind/id} under the configured prefix:
 * <pre>
 * manifests/{kind}/{id}/active.json                 the active manifest
 * manifests/{kind}/{id}/last-known-good.json        the last known good manifest
 * manifests/{kind}/{id}/history/{manifestId}.json   immutable published manifests
 * packs/{kind}/{id}/{packId}.json                   pack bodies (a manifest's packKey names one)
 * rehearsals/{rehearsalId}/manifests/{kind}/{id}/active.json   a drill's copy of the active manifest
 * </pre>
 * Every method reports storage trouble as a result, never by throwing, so each outcome can be
 * recorded as an event.
 */
public interface ManifestStore {

    /**
     * The same storage as a drill sees it: each scope's active manifest is a rehearsal copy under
     * {@code rehearsals/{rehearsalId}/}, made from the real one by the first {@link #probe} (kept if it is already
     * there); last-known-good, history and packs are the real ones, only read. A drill thereby writes, reads back
     * and verifies real bytes in real storage, and what users resolve never changes.
     */
    ManifestStore rehearsal(String rehearsalId);

    /** Reads the active and the last known good manifests of a scope (the rollback checklist's "manifest probe"). */
    Probe probe(Scope scope);

    /** Reads one immutable manifest from the scope's history. */
    Optional<StoredManifest> historical(Scope scope, String manifestId);

    /**
     * Writes {@code target}'s exact bytes as the scope's active manifest, only if the active manifest
     * still has {@code expectedActiveEtag} (null: only if there is no active manifest). Never a
     * blind overwrite of somebody else's publish.
     */
    WriteOutcome rebindActive(Scope scope, StoredManifest target, String expectedActiveEtag);

    /**
     * Puts {@code previous}'s exact bytes back as the scope's active manifest, only if active.json still
     * has {@code expectedActiveEtag} (the ETag of the write being undone): what a failed rebind replaced
     * comes back, and nobody's later publish is overwritten.
     */
    WriteOutcome restoreActive(Scope scope, StoredManifest previous, String expectedActiveEtag);

    /** Reads back the active manifest and the pack it names, recomputing both SHA-256s from the bytes read. */
    Readback readBack(Scope scope);

    /** Reads the pack {@code manifest} names and recomputes its SHA-256 from the bytes, before anything is written. */
    PackCheck checkPack(Scope scope, StoredManifest manifest);

    /** Outcome of {@link #checkPack}: the pack's SHA-256 as recomputed, or why its bytes could not be read. */
    record PackCheck(String packSha256Actual, long packBytes, String failure) {

        public boolean failed() {
            return failure != null;
        }
    }

    /** Outcome of {@link #probe}. {@code failure} is set when storage could not be read at all. */
    record Probe(Optional<StoredManifest> active, Optional<StoredManifest> lastKnownGood, String failure) {

        public boolean failed() {
            return failure != null;
        }
    }

    /** Outcome of {@link #rebindActive}. */
    sealed interface WriteOutcome {

        /** The active manifest now holds the target's bytes; {@code etag} and {@code versionId} are storage's answer. */
        record Written(String etag, String versionId) implements WriteOutcome {
        }

        /** The active manifest changed since it was probed (or appeared/disappeared); nothing was written. */
        record Conflict(String detail) implements WriteOutcome {
        }

        /** Storage refused or failed the write; nothing is known to have been written. */
        record Failed(String detail) implements WriteOutcome {
        }
    }

    /**
     * Outcome of {@link #readBack}: the active manifest as read, and the pack's SHA-256 recomputed
     * from its bytes. {@code failure} is set when either could not be read.
     */
    record Readback(Optional<StoredManifest> active, String packSha256Actual, long packBytes, String failure) {

        public boolean failed() {
            return failure != null;
        }
    }
}
