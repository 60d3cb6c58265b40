package org.binkindly.ledger.core.rebind;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/**
 * A rebind of a scope's active manifest back to a known-good manifest was started (checklist step 1: the affected
 * scope), with its objective deadlines. {@code rehearsal}: the ledger walks this drill against a rehearsal copy of
 * the scope's active manifest, so what users resolve never changes (absent, hence false, in events recorded before
 * drills were rehearsed: those drills wrote the real active manifest).
 */
@Revision("1")
public record RebindStarted(RebindId rebindId, Scope scope, String targetManifestId, IncidentId incidentId, boolean drill, RebindMode mode,
                            Instant badPublishConfirmedAt, Instant restoreDeadline, Instant integrityDeadline,
                            boolean rehearsal) implements RebindEvent {

    @JsonCreator
    public RebindStarted {
    }

    /** A rebind that is not rehearsed: it writes the scope's real active manifest (or an operator records doing so). */
    public RebindStarted(RebindId rebindId, Scope scope, String targetManifestId, IncidentId incidentId, boolean drill, RebindMode mode,
                         Instant badPublishConfirmedAt, Instant restoreDeadline, Instant integrityDeadline) {
        this(rebindId, scope, targetManifestId, incidentId, drill, mode, badPublishConfirmedAt, restoreDeadline,
                integrityDeadline, false);
    }
}
