package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** A manifest rebind linked to the incident ended this way: the incident's rollback evidence. */
@Revision("1")
public record RebindOutcomeRecorded(IncidentId incidentId, String rebindId, RebindOutcome outcome, String detail)
        implements IncidentEvent {
}
