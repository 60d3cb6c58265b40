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
 */
public record RebindView(Rebind rebind, long version) {

    /** {@code rehearsal}: a drill the ledger walked on its own copy of the active manifest; production was never written. */
    public record Rebind(RebindId rebindId, Scope scope, String targetManifestId, IncidentId incidentId, boolean drill,
                         boolean rehearsal, RebindMode mode, Instant badPublishConfirmedAt, Instant restoreDeadline, Instant integrityDeadline,
                         Provenance started, RebindState.Phase phase, StoredManifest activeBefore, StoredManifest target,
                         Provenance probed, Write write, Integrity integrity, List<ResolutionProbe> probes,
                         Provenance overlayDisabled, String overlayReason, Failure failure, Completion completion,
                         Restore restore, Map<Objective, Instant> breaches, long version) {
    }

    public record Write(String manifestId, String manifestSha256, String etag, String versionId, Provenance provenance) {
    }

    public record Integrity(String manifestSha256, String packSha256, long packBytes, Provenance provenance) {
    }

    public record Failure(RebindStep step, String reason, Provenance provenance) {
    }

    /** Putting back the manifest a failed rebind replaced: restored, or the reason it was not. */
    public record Restore(boolean restored, String manifestId, String etag, String versionId, WriteResult result,
                          String reason, Provenance provenance) {
    }

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
