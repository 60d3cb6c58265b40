package org.binkindly.ledger.adapters.alertmanager;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.util.Map;
import java.util.Objects;

/**
 * One row of the alert matrix: an alert name, the incident class it opens, the matrix severity,
 * the impact facts the alert establishes, its first action (added to the checklist; none for the
 * alert kinds whose checklist already is their first action) and, optionally, the scope to use when
 * the alert carries no scope label. The matrix severity is the runbook's; {@link #opensAt()} is the
 * severity an alert of the row really opens at, derived from the facts it states (unknown counts as true).
 */
public record AlertMapping(String alertname, IncidentClass incidentClass, Severity severity,
                           Map<ImpactFact, ImpactFact.Value> impact, String firstAction, Scope defaultScope) {

    public AlertMapping {
        Objects.requireNonNull(alertname, "alertname");
        Objects.requireNonNull(incidentClass, "incidentClass");
        Objects.requireNonNull(severity, "severity");
        impact = impact == null ? Map.of() : Map.copyOf(impact);
    }

    /** The severity an alert of this row opens its incident at, when its labels state no further fact. */
    @JsonProperty("opensAt")
    public Severity opensAt() {
        return ImpactAssessment.of(impact).derivedSeverity();
    }
}
