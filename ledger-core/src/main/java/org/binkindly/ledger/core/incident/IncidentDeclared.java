package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;

/** An incident was declared for a scope, with the facts known then and the severity they demand. */
@Revision("1")
public record IncidentDeclared(IncidentId incidentId, IncidentClass incidentClass, Scope scope, ImpactAssessment impact, Severity derivedSeverity,
                               Severity severity, TriggerSource trigger, String observedFailureMode, Instant detectedAt) implements IncidentEvent {
}
