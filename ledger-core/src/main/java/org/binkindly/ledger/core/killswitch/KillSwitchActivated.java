package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** A kill switch was activated for a scope; graduation decisions for the scope are frozen from this moment. */
@Revision("1")
public record KillSwitchActivated(KillSwitchId killSwitchId, KillSwitchKind kind, Scope scope, String reason, IncidentId incidentId, boolean drill,
                                  Instant activatedAt) implements KillSwitchEvent {
}
