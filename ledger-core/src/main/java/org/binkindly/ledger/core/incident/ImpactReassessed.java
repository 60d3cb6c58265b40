package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.shared.Severity;

/**
 * The impact facts were restated; the severity they demand is recorded with them. {@code statedBy} is
 * null when an operator restated them, else the alert whose labels did (name and fingerprint).
 */
@Revision("1")
public record ImpactReassessed(IncidentId incidentId, ImpactAssessment impact, Severity derivedSeverity, String statedBy)
        implements IncidentEvent {

    public ImpactReassessed(IncidentId incidentId, ImpactAssessment impact, Severity derivedSeverity) {
        this(incidentId, impact, derivedSeverity, null);
    }
}
