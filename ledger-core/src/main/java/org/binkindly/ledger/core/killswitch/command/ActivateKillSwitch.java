package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** Activate a kill switch for a scope, optionally for an incident, optionally as a drill. */
public record ActivateKillSwitch(@TargetAggregateIdentifier KillSwitchId killSwitchId, KillSwitchKind kind, Scope scope, String reason, IncidentId incidentId,
                                 boolean drill, Instant activatedAt) {
}
