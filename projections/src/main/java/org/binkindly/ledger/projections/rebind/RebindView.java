package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.rebind.RebindStep;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.rebind.WriteResult;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rebind as a reviewer reads it, plus its version for ETags: the HTTP contract, with its own
 * records so that the write side's fold can change shape without changing the API.
 *
 * @param rebind the rebind
 * @param version the sequence number of the rebind's last event: send it as If-Match to act only on what was read
 */
public record RebindView(Rebind rebind, long version) {

    /**
     * {@code rehearsal}: a drill the ledger walked on its own copy of the active manifest; production was never written.
     *
     * @param rebindId the rebind's id, assigned by the ledger at the start (the last segment of its Location)
     * @param scope the scope whose active manifest is rebound, written kind/id
     * @param targetManifestId the manifest asked for at the start; absent when the last known good one was meant
     * @param incidentId the linked incident's id, if any
     * @param drill true for a rehearsal rebind
     * @param rehearsal true when the ledger walked the drill on its own copy of the active manifest: production was never written
     * @param mode AUTOMATIC (the ledger does each step) or MANUAL (an operator records steps done elsewhere)
     * @param badPublishConfirmedAt when the bad publish was confirmed (UTC instant, ISO 8601): the deadlines and the completion's seconds count from it
     * @param restoreDeadline badPublishConfirmedAt plus 15 minutes: the restore objective's deadline (UTC instant, ISO 8601)
     * @param integrityDeadline badPublishConfirmedAt plus 30 minutes: the integrity objective's deadline (UTC instant, ISO 8601)
     * @param started who recorded the start and when the ledger stored it
     * @param phase where the rebind stands: STARTED, PROBED, REBOUND, VERIFIED, COMPLETED or FAILED
     * @param activeBefore the manifest active.json pointed at before the write, as the manifest probe read it
     * @param target the manifest the rebind points active.json at, as the manifest probe read it
     * @param probed who recorded the manifest probe and when the ledger stored it
     * @param write the write of active.json; absent before it
     * @param integrity the integrity readback after the write; absent before it
     * @param probes the resolution probes after the readback, in the order they ran
     * @param overlayDisabled who recorded the overlay disabling and when the ledger stored it; absent while the overlay is on
     * @param overlayReason why the overlay was disabled
     * @param failure the step that failed and why; absent unless FAILED
     * @param completion the timings against the objectives; absent until COMPLETED
     * @param restore after a failed rebind that had written: whether the manifest it replaced was put back
     * @param breaches each objective (RESTORE, INTEGRITY) whose deadline passed before it was met, with that deadline (UTC instant, ISO 8601)
     * @param version the sequence number of the rebind's last event
     */
    public record Rebind(RebindId rebindId, Scope scope, String targetManifestId, IncidentId incidentId, boolean drill,
                         boolean rehearsal, RebindMode mode, Instant badPublishConfirmedAt, Instant restoreDeadline, Instant integrityDeadline,
                         Provenance started, RebindState.Phase phase, StoredManifest activeBefore, StoredManifest target,
                         Provenance probed, Write write, Integrity integrity, List<ResolutionProbe> probes,
                         Provenance overlayDisabled, String overlayReason, Failure failure, Completion completion,
                         Restore restore, Map<Objective, Instant> breaches, long version) {
    }

    /**
     * The write of active.json.
     *
     * @param manifestId the manifest written as active
     * @param manifestSha256 its SHA-256, 64 lower-case hex digits
     * @param etag the object store's ETag of the written active.json
     * @param versionId the object store's version id of the write, on a versioned bucket
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Write(String manifestId, String manifestSha256, String etag, String versionId, Provenance provenance) {
    }

    /**
     * The integrity readback after the write.
     *
     * @param manifestSha256 the SHA-256 of the manifest read back, 64 lower-case hex digits
     * @param packSha256 the SHA-256 recomputed from the pack bytes read back
     * @param packBytes the size of the pack read back, in bytes
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Integrity(String manifestSha256, String packSha256, long packBytes, Provenance provenance) {
    }

    /**
     * Why the rebind failed.
     *
     * @param step the step that failed: MANIFEST_PROBE, ACTIVE_WRITE, INTEGRITY_READBACK or RESOLUTION_PROBES
     * @param reason what went wrong, in words
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Failure(RebindStep step, String reason, Provenance provenance) {
    }

    /**
     * Putting back the manifest a failed rebind replaced: restored, or the reason it was not.
     *
     * @param restored true when the replaced manifest was written back
     * @param manifestId the manifest put back
     * @param etag the object store's ETag of that write
     * @param versionId its version id, on a versioned bucket
     * @param result the write's result: WRITTEN, CONFLICT (active.json had changed since the rebind's write: left alone) or FAILED
     * @param reason why it was not put back
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Restore(boolean restored, String manifestId, String etag, String versionId, WriteResult result,
                          String reason, Provenance provenance) {
    }

    /**
     * The rebind's timings against the rollback objective.
     *
     * @param restoredAt when the safe manifest was active (UTC instant, ISO 8601)
     * @param verifiedAt when its integrity was confirmed (UTC instant, ISO 8601)
     * @param restoreSeconds seconds from badPublishConfirmedAt to restoredAt
     * @param integritySeconds seconds from badPublishConfirmedAt to verifiedAt
     * @param restoreObjectiveMet true when restored within 15 minutes
     * @param integrityObjectiveMet true when verified within 30 minutes
     */
    public record Completion(Instant restoredAt, Instant verifiedAt, long restoreSeconds, long integritySeconds,
                             boolean restoreObjectiveMet, boolean integrityObjectiveMet) {
    }

    public static RebindView of(RebindState state) {
        RebindState.Write write = state.write();
        RebindState.Integrity integrity = state.integrity();
        RebindState.Failure failure = state.failure();
        RebindState.Completion completion = state.completion();
        RebindState.Restore restore = state.restore();
        return new RebindView(new Rebind(state.rebindId(), state.scope(), state.targetManifestId(), state.incidentId(),
                state.drill(), state.rehearsal(), state.mode(), state.badPublishConfirmedAt(), state.restoreDeadline(), state.integrityDeadline(),
                state.started(), state.phase(), state.activeBefore(), state.target(), state.probed(),
                write == null ? null : new Write(write.manifestId(), write.manifestSha256(), write.etag(), write.versionId(),
                        write.provenance()),
                integrity == null ? null : new Integrity(integrity.manifestSha256(), integrity.packSha256(),
                        integrity.packBytes(), integrity.provenance()),
                List.copyOf(state.probes()), state.overlayDisabled(), state.overlayReason(),
                failure == null ? null : new Failure(failure.step(), failure.reason(), failure.provenance()),
                completion == null ? null : new Completion(completion.restoredAt(), completion.verifiedAt(),
                        completion.restoreSeconds(), completion.integritySeconds(), completion.restoreObjectiveMet(),
                        completion.integrityObjectiveMet()),
                restore == null ? null : new Restore(restore.restored(), restore.manifestId(), restore.etag(),
                        restore.versionId(), restore.result(), restore.reason(), restore.provenance()),
                // in Objective's order, as the fold keeps them
                Collections.unmodifiableMap(new LinkedHashMap<>(state.breaches())), state.version()), state.version());
    }

}
