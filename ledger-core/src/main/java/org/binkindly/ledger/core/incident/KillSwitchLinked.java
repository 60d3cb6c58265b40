package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;

/** A kill switch of the incident's scope was activated for the incident; the ledger follows it until it is released. */
@Revision("1")
public record KillSwitchLinked(IncidentId incidentId, String killSwitchId, KillSwitchKind kind) implements IncidentEvent {
}
