package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.ChecklistItem;
import org.binkindly.ledger.core.incident.ChecklistItemsAdded;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.SeverityResponses;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Declarations as the incident aggregate records them, for feeding the projectors. */
final class IncidentEvents {

    static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    static final Scope OSLO = Scope.parse("locality/no-oslo");
    static final Scope SWEDEN = Scope.parse("country/se");
    static final Scope PIPELINE = Scope.parse("pipeline/refresh");
    static final TriggerSource TRIGGER = new TriggerSource(TriggerSource.Kind.ALERT, "BinKindlyPublishBlocked");
    static final String FAILURE_MODE = "canary readback returns the previous manifest";

    private IncidentEvents() {
    }

    /** The facts that put an incident at {@code severity} and no higher: every fact above it stated false. */
    static ImpactAssessment impactDemanding(Severity severity) {
        Map<ImpactFact, ImpactFact.Value> stated = new EnumMap<>(ImpactFact.class);
        for (ImpactFact fact : ImpactFact.values()) {
            if (fact.demands().isAbove(severity)) {
                stated.put(fact, ImpactFact.Value.NO);
            } else if (fact.demands() == severity) {
                stated.put(fact, ImpactFact.Value.YES);
            }
        }
        return ImpactAssessment.of(stated);
    }

    static IncidentDeclared declared(IncidentId id, IncidentClass incidentClass, Scope scope, Severity severity,
                                     Instant detectedAt) {
        ImpactAssessment impact = impactDemanding(severity);
        return new IncidentDeclared(id, incidentClass, scope, impact, impact.derivedSeverity(), severity, TRIGGER,
                FAILURE_MODE, detectedAt);
    }

    /** What the aggregate adds right after a declaration: runbook steps, closure condition, severity responses. */
    static ChecklistItemsAdded declarationChecklist(IncidentDeclared declared) {
        return new ChecklistItemsAdded(declared.incidentId(),
                declarationChecklist(declared.incidentClass(), declared.severity()));
    }

    static List<ChecklistItem> declarationChecklist(IncidentClass incidentClass, Severity severity) {
        List<ChecklistItem> items = new ArrayList<>(incidentClass.steps());
        items.add(incidentClass.closureConditionItem());
        items.addAll(SeverityResponses.of(severity));
        return items;
    }
}
