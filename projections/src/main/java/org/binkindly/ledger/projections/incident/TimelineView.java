package org.binkindly.ledger.projections.incident;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;
import java.util.List;

/** An incident's recorded facts in order. */
public record TimelineView(IncidentId incidentId, List<Entry> entries) {

    public record Entry(long sequenceNumber, Instant recordedAt, String actor, String eventType, JsonNode event) {
    }
}
