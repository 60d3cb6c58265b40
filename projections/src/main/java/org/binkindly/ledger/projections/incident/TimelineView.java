package org.binkindly.ledger.projections.incident;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;
import java.util.List;

/**
 * An incident's recorded facts in order.
 *
 * @param incidentId the incident's id
 * @param entries its events, in the order they were recorded
 */
public record TimelineView(IncidentId incidentId, List<Entry> entries) {

    /**
     * @param sequenceNumber the event's sequence number within the incident, from 0
     * @param recordedAt when the ledger stored it (UTC instant, ISO 8601)
     * @param actor who recorded it: a token's name, a JWT subject, or a name starting ledger: for the ledger's own
     * @param eventType the event's type, e.g. IncidentDeclared
     * @param event the event's fields as stored
     */
    public record Entry(long sequenceNumber, Instant recordedAt, String actor, String eventType, JsonNode event) {
    }
}
