package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;

/** Sent by the ledger when a kill switch is activated for the incident; a repeat is a no-op. */
public record LinkKillSwitch(@TargetAggregateIdentifier IncidentId incidentId, String killSwitchId, KillSwitchKind kind) {
}
