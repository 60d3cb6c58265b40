package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

/**
 * Record a firing alert on an incident, declaring the incident from the alert if it does not exist
 * yet. {@code impact} holds the facts the alert establishes; {@code matrixSeverity} is the alert
 * matrix's severity, kept when it is above what the facts demand; {@code firstAction}, if any, is
 * added to the checklist.
 */
public record ReceiveFiringAlert(@TargetAggregateIdentifier IncidentId incidentId, IncidentClass incidentClass, Scope scope,
                                 ImpactAssessment impact, Severity matrixSeverity, String firstAction,
                                 ReceivedAlert alert) {
}
