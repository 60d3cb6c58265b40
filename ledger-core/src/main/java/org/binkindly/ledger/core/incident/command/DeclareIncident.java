package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;

/**
 * Declare an incident; {@code requestedSeverity} may raise the severity above what the facts demand, never lower it,
 * and raising it is an escalation: it needs {@code severityReason}, as a later escalation needs its reason.
 * {@code separateFrom} is the open incident of the same class and scope this one is declared beside, and
 * {@code separateBecause} the operator's reason, recorded in the new incident's decision log; both null otherwise.
 */
public record DeclareIncident(@TargetAggregateIdentifier IncidentId incidentId, IncidentClass incidentClass, Scope scope, ImpactAssessment impact,
                              Severity requestedSeverity, TriggerSource trigger, String observedFailureMode, Instant detectedAt,
                              String severityReason, IncidentId separateFrom, String separateBecause) {

    public DeclareIncident(IncidentId incidentId, IncidentClass incidentClass, Scope scope, ImpactAssessment impact,
                           Severity requestedSeverity, TriggerSource trigger, String observedFailureMode, Instant detectedAt) {
        this(incidentId, incidentClass, scope, impact, requestedSeverity, trigger, observedFailureMode, detectedAt, null, null, null);
    }
}
