package org.binkindly.ledger.adapters.alertmanager;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
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
 *
 * @param alertname the alert name the row matches
 * @param incidentClass the incident class an alert of the row opens
 * @param severity the runbook matrix's severity for the alert
 * @param impact the impact facts an alert of the row states
 * @param firstAction the first action added to the checklist; absent where the checklist already is the first action
 * @param defaultScope the scope used when the alert carries no scope label, written kind/id
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
    @Schema(description = "The severity an alert of this row opens its incident at when its labels state no further "
            + "fact: the severity its impact facts demand, a fact stated as UNKNOWN counting as YES")
    public Severity opensAt() {
        return ImpactAssessment.of(impact).derivedSeverity();
    }
}
