package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** A rebind of a scope's active manifest back to a known-good manifest was started (checklist step 1: the affected scope), with its objective deadlines. */
@Revision("1")
public record RebindStarted(RebindId rebindId, Scope scope, String targetManifestId, IncidentId incidentId, boolean drill, RebindMode mode,
                            Instant badPublishConfirmedAt, Instant restoreDeadline, Instant integrityDeadline) implements RebindEvent {
}
