package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.IncidentId;

/** No incident of the class was open for the scope, so an alert opened this one; later alerts attach to it. */
@Revision("1")
public record AlertIncidentOpened(AlertCorrelationId correlationId, IncidentId incidentId) implements AlertCorrelationEvent {
}
