package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/**
 * A person took one of the runbook's roles on the incident. Taking INCIDENT_OWNER over from
 * another person is a handover and carries its reason; events stored before handovers had one
 * read back with none.
 */
@Revision("1")
public record RoleClaimed(IncidentId incidentId, IncidentRole role, String holder, String handoverReason) implements IncidentEvent {

    public RoleClaimed(IncidentId incidentId, IncidentRole role, String holder) {
        this(incidentId, role, holder, null);
    }
}
