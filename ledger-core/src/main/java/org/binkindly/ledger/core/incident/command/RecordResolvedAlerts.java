package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

import java.util.List;

/**
 * Record the resolutions of one delivery whose firings went to one incident, in one command; each is
 * handled as {@link RecordResolvedAlert}. Answers each resolution's receipt, in the order given.
 */
public record RecordResolvedAlerts(@TargetAggregateIdentifier IncidentId incidentId, List<RecordResolvedAlert> resolutions) {

    public RecordResolvedAlerts {
        resolutions = List.copyOf(resolutions);
        for (RecordResolvedAlert resolution : resolutions) {
            if (!incidentId.equals(resolution.incidentId())) {
                throw new IllegalArgumentException("resolution for %s in a batch for %s".formatted(resolution.incidentId(), incidentId));
            }
        }
    }
}
