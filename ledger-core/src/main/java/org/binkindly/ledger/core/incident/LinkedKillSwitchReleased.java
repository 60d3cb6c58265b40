package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** A kill switch linked to the incident was released: its lane or pack is re-enabled, as the kill switch's own log says. */
@Revision("1")
public record LinkedKillSwitchReleased(IncidentId incidentId, String killSwitchId) implements IncidentEvent {
}
