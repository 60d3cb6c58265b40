package org.binkindly.ledger.core.alert;

import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.util.Map;

/** Where an alert goes, by the alert matrix: to an incident of a class and scope, recorded as a drill, or kept as unmapped. */
public sealed interface AlertRoute {

    /**
     * Opens or attaches to the open incident of this class and scope. {@code impact}: the facts the
     * matrix row and the alert's labels establish; {@code labelledFacts}: those its own labels state;
     * {@code unreadLabels}: labels that looked like impact statements but were not one (a fact that
     * does not exist, a value other than yes/no), kept on the alert's record instead of dropped in silence.
     */
    record ToIncident(IncidentClass incidentClass, Scope scope, ImpactAssessment impact, Severity matrixSeverity,
                      String firstAction, Map<ImpactFact, ImpactFact.Value> labelledFacts,
                      java.util.List<String> unreadLabels) implements AlertRoute {

        public ToIncident {
            labelledFacts = labelledFacts == null ? Map.of() : Map.copyOf(labelledFacts);
            unreadLabels = unreadLabels == null ? java.util.List.of() : java.util.List.copyOf(unreadLabels);
        }

        public ToIncident(IncidentClass incidentClass, Scope scope, ImpactAssessment impact, Severity matrixSeverity,
                          String firstAction) {
            this(incidentClass, scope, impact, matrixSeverity, firstAction, Map.of(), java.util.List.of());
        }
    }

    /** A rehearsal (label {@code drill="true"}): recorded as proof the route works, opens nothing. */
    record Drill(IncidentClass incidentClass, Scope scope) implements AlertRoute {
    }

    /** The ledger cannot tell where the alert belongs; it is kept and shown, with the reason. */
    record Unmapped(String reason) implements AlertRoute {
    }
}
