package org.binkindly.ledger.core.rebind;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A rebind as its events describe it, shared by the aggregate, the projections and time travel.
 * Each checklist step keeps when it was recorded, so the objective can be measured from the log.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class RebindState {

    /** Where the rebind stands; FAILED and COMPLETED are final. */
    public enum Phase { STARTED, PROBED, REBOUND, VERIFIED, COMPLETED, FAILED }

    public record Write(String manifestId, String manifestSha256, String etag, String versionId, Provenance provenance) {
    }

    public record Integrity(String manifestSha256, String packSha256, long packBytes, Provenance provenance) {
    }

    /**
     * Why a rebind failed.
     *
     * @param step the step that failed: MANIFEST_PROBE, ACTIVE_WRITE, INTEGRITY_READBACK or RESOLUTION_PROBES
     * @param reason what went wrong, in words
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Failure(RebindStep step, String reason, Provenance provenance) {
    }

    /** Putting back the manifest a failed rebind replaced: restored, or the reason it was not. */
    public record Restore(boolean restored, String manifestId, String etag, String versionId, WriteResult result,
                          String reason, Provenance provenance) {
    }

    public record Completion(Instant restoredAt, Instant verifiedAt, long restoreSeconds, long integritySeconds,
                             boolean restoreObjectiveMet, boolean integrityObjectiveMet) {
    }

    private RebindId rebindId;
    private Scope scope;
    private String targetManifestId;
    private IncidentId incidentId;
    private boolean drill;
    private boolean rehearsal;
    private RebindMode mode;
    private Instant badPublishConfirmedAt;
    private Instant restoreDeadline;
    private Instant integrityDeadline;
    private Provenance started;
    private Phase phase;
    private StoredManifest activeBefore;
    private StoredManifest target;
    private Provenance probed;
    private Write write;
    private Integrity integrity;
    private List<ResolutionProbe> probes = new ArrayList<>();
    private Provenance overlayDisabled;
    private String overlayReason;
    private Failure failure;
    private Completion completion;
    private Restore restore;
    private EnumMap<Objective, Instant> breaches = new EnumMap<>(Objective.class);
    private long version = -1;

    @JsonCreator
    private RebindState() {
    }

    public static RebindState startedBy(RebindStarted event, Provenance provenance, long sequenceNumber) {
        return new RebindState().apply(event, provenance, sequenceNumber);
    }

    public RebindState apply(RebindEvent event, Provenance provenance, long sequenceNumber) {
        if (event instanceof RebindStarted e) {
            rebindId = e.rebindId();
            scope = e.scope();
            targetManifestId = e.targetManifestId();
            incidentId = e.incidentId();
            drill = e.drill();
            rehearsal = e.rehearsal();
            mode = e.mode();
            badPublishConfirmedAt = e.badPublishConfirmedAt();
            restoreDeadline = e.restoreDeadline();
            integrityDeadline = e.integrityDeadline();
            started = provenance;
            phase = Phase.STARTED;
        } else if (event instanceof ManifestProbed e) {
            activeBefore = e.active();
            target = e.target();
            probed = provenance;
            phase = Phase.PROBED;
        } else if (event instanceof ActiveManifestRebound e) {
            write = new Write(e.manifestId(), e.manifestSha256(), e.etag(), e.versionId(), provenance);
            phase = Phase.REBOUND;
        } else if (event instanceof IntegrityConfirmed e) {
            integrity = new Integrity(e.manifestSha256(), e.packSha256(), e.packBytes(), provenance);
            phase = Phase.VERIFIED;
        } else if (event instanceof ResolutionProbed e) {
            probes = new ArrayList<>(e.probes());
        } else if (event instanceof OverlayDisabled e) {
            overlayDisabled = provenance;
            overlayReason = e.reason();
        } else if (event instanceof RebindFailed e) {
            failure = new Failure(e.step(), e.reason(), provenance);
            phase = Phase.FAILED;
        } else if (event instanceof RebindCompleted e) {
            completion = new Completion(e.restoredAt(), e.verifiedAt(), e.restoreSeconds(), e.integritySeconds(),
                    e.restoreObjectiveMet(), e.integrityObjectiveMet());
            phase = Phase.COMPLETED;
        } else if (event instanceof ObjectiveBreached e) {
            breaches.put(e.objective(), e.deadline());
        } else if (event instanceof ActiveManifestRestored e) {
            restore = new Restore(true, e.manifestId(), e.etag(), e.versionId(), WriteResult.WRITTEN, null, provenance);
        } else if (event instanceof ActiveManifestRestoreFailed e) {
            restore = new Restore(false, null, null, null, e.result(), e.reason(), provenance);
        }
        version = sequenceNumber;
        return this;
    }

    public boolean isFinished() {
        return phase == Phase.COMPLETED || phase == Phase.FAILED;
    }

    /**
     * True once a safe active manifest was written: the restore objective's event. A write whose
     * rebind then failed restored nothing safe, so it does not count.
     */
    public boolean isRestored() {
        return write != null && phase != Phase.FAILED;
    }

    /** True when this rebind wrote active.json and then failed: what it replaced should be put back. */
    public boolean needsActiveRestored() {
        return write != null && phase == Phase.FAILED && restore == null;
    }

    /** True once readback confirmed manifest and pack integrity: the integrity objective's event. */
    public boolean isIntegrityConfirmed() {
        return integrity != null;
    }

    public Instant deadline(Objective objective) {
        return objective == Objective.RESTORE ? restoreDeadline : integrityDeadline;
    }

    public RebindId rebindId() { return rebindId; }
    public Scope scope() { return scope; }
    public String targetManifestId() { return targetManifestId; }
    public IncidentId incidentId() { return incidentId; }
    public boolean drill() { return drill; }
    /** True when the ledger walked this drill on a rehearsal copy of the active manifest: production was never written. */
    public boolean rehearsal() { return rehearsal; }
    public RebindMode mode() { return mode; }
    public Instant badPublishConfirmedAt() { return badPublishConfirmedAt; }
    public Instant restoreDeadline() { return restoreDeadline; }
    public Instant integrityDeadline() { return integrityDeadline; }
    public Provenance started() { return started; }
    public Phase phase() { return phase; }
    public StoredManifest activeBefore() { return activeBefore; }
    public StoredManifest target() { return target; }
    public Provenance probed() { return probed; }
    public Write write() { return write; }
    public Integrity integrity() { return integrity; }
    public List<ResolutionProbe> probes() { return Collections.unmodifiableList(probes); }
    public Provenance overlayDisabled() { return overlayDisabled; }
    public String overlayReason() { return overlayReason; }
    public Failure failure() { return failure; }
    public Completion completion() { return completion; }
    public Restore restore() { return restore; }
    public Map<Objective, Instant> breaches() { return Collections.unmodifiableMap(breaches); }
    public long version() { return version; }
}
