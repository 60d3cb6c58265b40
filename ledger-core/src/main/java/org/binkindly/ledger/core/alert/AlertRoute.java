package org.binkindly.ledger.core.alert;

import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

/** Where an alert goes, by the alert matrix: to an incident of a class and scope, recorded as a drill, or kept as unmapped. */
public sealed interface AlertRoute {

    /** Opens or attaches to the open incident of this class and scope. */
    record ToIncident(IncidentClass incidentClass, Scope scope, ImpactAssessment impact, Severity matrixSeverity,
                      String firstAction) implements AlertRoute {
    }

    /** A rehearsal (label {@code drill="true"}): recorded as proof the route works, opens nothing. */
    record Drill(IncidentClass incidentClass, Scope scope) implements AlertRoute {
    }

    /** The ledger cannot tell where the alert belongs; it is kept and shown, with the reason. */
    record Unmapped(String reason) implements AlertRoute {
    }
}
