package org.binkindly.ledger.core.incident;

import org.binkindly.ledger.core.shared.Severity;
import org.axonframework.serialization.Revision;

/** The operator restated the impact facts; the severity they demand is recorded with them. */
@Revision("1")
public record ImpactReassessed(IncidentId incidentId, ImpactAssessment impact, Severity derivedSeverity) implements IncidentEvent {
}
