package org.binkindly.ledger.core.audit;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event exactly as the event store holds it: every column, with payload and metadata as the
 * stored bytes. This, not any decoded form, is what the hash chain covers.
 *
 * @param position        the event's global index: its place in the one order of the whole log
 * @param eventId         the event's unique identifier
 * @param aggregateType   the aggregate's type ({@code Incident}, {@code KillSwitch}, {@code Rebind}); may be null
 * @param aggregateId     the aggregate's identifier
 * @param sequenceNumber  the event's place in its aggregate's history, from 0
 * @param timestamp       when it was recorded, as the stored text (ISO-8601, UTC, milliseconds)
 * @param payloadType     the payload's type name
 * @param payloadRevision the payload's revision; may be null
 * @param metadata        the stored metadata bytes (UTF-8 JSON); may be null
 * @param payload         the stored payload bytes (UTF-8 JSON)
 */
public record AuditEvent(long position, String eventId, String aggregateType, String aggregateId, long sequenceNumber,
                         String timestamp, String payloadType, String payloadRevision, byte[] metadata, byte[] payload) {

    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
    }

    // byte[] components compare by identity in a record; two reads of one event must be equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof AuditEvent that && position == that.position && sequenceNumber == that.sequenceNumber
                && eventId.equals(that.eventId) && Objects.equals(aggregateType, that.aggregateType)
                && aggregateId.equals(that.aggregateId) && timestamp.equals(that.timestamp)
                && payloadType.equals(that.payloadType) && Objects.equals(payloadRevision, that.payloadRevision)
                && Arrays.equals(metadata, that.metadata) && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, eventId, aggregateId, sequenceNumber);
    }

    @Override
    public String toString() {
        return "AuditEvent[position=%d, %s %s#%d %s]".formatted(position, aggregateType, aggregateId, sequenceNumber, payloadType);
    }
}
