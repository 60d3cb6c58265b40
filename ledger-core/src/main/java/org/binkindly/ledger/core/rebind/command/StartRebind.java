package org.binkindly.ledger.core.rebind.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** Start rebinding a scope to its last known good (targetManifestId null) or to a named manifest. */
public record StartRebind(@TargetAggregateIdentifier RebindId rebindId, Scope scope, String targetManifestId, IncidentId incidentId, boolean drill, RebindMode mode,
                          Instant badPublishConfirmedAt) {
}
