package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.util.Map;

/**
 * Record a firing alert on an incident, declaring the incident from the alert if it does not exist
 * yet. {@code impact} holds the facts the alert establishes; {@code matrixSeverity} is the alert
 * matrix's severity, kept when it is above what the facts demand; {@code firstAction}, if any, is
 * added to the checklist. {@code labelledFacts} are the facts the alert's own labels state: on an
 * incident already open, those it states true are restated on the incident, so monitoring can
 * escalate (never de-escalate: lowering severity stays a person's reasoned decision).
 */
public record ReceiveFiringAlert(@TargetAggregateIdentifier IncidentId incidentId, IncidentClass incidentClass, Scope scope,
                                 ImpactAssessment impact, Severity matrixSeverity, String firstAction,
                                 ReceivedAlert alert, Map<ImpactFact, ImpactFact.Value> labelledFacts) {

    public ReceiveFiringAlert {
        labelledFacts = labelledFacts == null ? Map.of() : Map.copyOf(labelledFacts);
    }

    public ReceiveFiringAlert(IncidentId incidentId, IncidentClass incidentClass, Scope scope, ImpactAssessment impact,
                              Severity matrixSeverity, String firstAction, ReceivedAlert alert) {
        this(incidentId, incidentClass, scope, impact, matrixSeverity, firstAction, alert, Map.of());
    }
}
