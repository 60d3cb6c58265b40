package org.binkindly.ledger.core.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small, readable audit streams for tests: events sealed the way the sealer seals them. */
final class AuditStreams {

    static final Instant SEALED_AT = Instant.parse("2026-11-27T10:00:00Z");

    private AuditStreams() {
    }

    static AuditEvent event(long position, String aggregateId, long sequenceNumber, String payloadJson) {
        return new AuditEvent(position, "evt-" + position, "Incident", aggregateId, sequenceNumber,
                "2026-11-27T09:%02d:00.000Z".formatted(position % 60), "org.binkindly.ledger.core.incident.FollowUpRecorded", "1",
                "{\"actor\":\"alice\"}".getBytes(StandardCharsets.UTF_8), payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Events at the given positions, all sealed. */
    static List<AuditEvent> events(long... positions) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            events.add(event(positions[i], "inc-00000000000" + (i % 3), i, "{\"requirement\":\"step " + i + "\"}"));
        }
        return events;
    }

    /** The stream the sealer would produce: every event with its link, and a checkpoint after every {@code every}-th. */
    static List<AuditRecord> sealed(List<AuditEvent> events, CheckpointSigner signer, int every) {
        HashChain chain = new HashChain();
        List<AuditRecord> records = new ArrayList<>();
        for (AuditEvent event : events) {
            String link = chain.append(event);
            records.add(new AuditRecord.Event(event, link));
            if (every > 0 && chain.count() % every == 0) {
                records.add(new AuditRecord.Signed(signer.sign(event.position(), chain.count(), chain.head(), SEALED_AT)));
            }
        }
        return records;
    }
}
