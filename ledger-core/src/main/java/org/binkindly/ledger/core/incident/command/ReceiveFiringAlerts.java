package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.util.List;

/**
 * Record the firings of one delivery that the correlation routed to one incident, in one command:
 * each is received as {@link ReceiveFiringAlert} would receive it (the first may open the incident),
 * and each still gets its own event. Answers each firing's receipt, in the order given; on a closed
 * incident a new firing is answered {@code INCIDENT_CLOSED} and nothing is recorded for it.
 */
public record ReceiveFiringAlerts(@TargetAggregateIdentifier IncidentId incidentId, IncidentClass incidentClass, Scope scope,
                                  List<ReceiveFiringAlert> firings) {

    public ReceiveFiringAlerts {
        firings = List.copyOf(firings);
        for (ReceiveFiringAlert firing : firings) {
            if (!incidentId.equals(firing.incidentId())) {
                throw new IllegalArgumentException("firing for %s in a batch for %s".formatted(firing.incidentId(), incidentId));
            }
        }
    }
}
