package org.binkindly.ledger.core.eventlog;

import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.AuditRecord;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The event log as stored: every read of the event store's own tables (events, snapshots and the
 * processors' tokens) goes through this port, so one class knows their names and columns. Axon
 * appends; nothing here writes. Positions are the events' global indexes, the order an auditor reads.
 */
public interface EventLog {

    /** What to narrow a read of the log to; all null for the whole log. */
    record Filter(String aggregateId, String aggregateType, String type, Instant from, Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null, null);

        public boolean isEmpty() {
            return aggregateId == null && aggregateType == null && type == null && from == null && to == null;
        }
    }

    /** Where one of an aggregate's events sits in the log. */
    record EventPosition(long position, long sequenceNumber, String payloadType) {

        /** The event's type without its package (IncidentDeclared). */
        public String simpleType() {
            return payloadType.substring(payloadType.lastIndexOf('.') + 1);
        }
    }

    /**
     * One segment's stored tracking token as the token table holds it: the segment's id, serialized bytes and their
     * type; null bytes before the first claim.
     */
    record StoredToken(int segment, byte[] token, String tokenType) {
    }

    /** The position through which this database's log was restored from a backup; empty if it never was. */
    OptionalLong restoredThrough();

    /** The newest event's position; empty while the log is empty. */
    OptionalLong head();

    /** How many events sit after {@code position}. */
    long countAfter(long position);

    /** The aggregate's last sequence number; empty if it has no events. */
    OptionalLong lastSequence(String aggregateId);

    /** The position of the aggregate's event with this sequence number; empty if the log does not hold it. */
    OptionalLong positionOf(String aggregateId, long sequenceNumber);

    /** Whether the log holds an aggregate of this type (e.g. {@code Incident}) with this id. */
    boolean holdsAggregate(String aggregateType, String aggregateId);

    /** Whether an event is stored at any of these positions. */
    boolean holdsAnyOf(Collection<Long> positions);

    /** Up to {@code limit} events after {@code position} with their stored bytes, in position order. */
    List<AuditEvent> readAfter(long position, int limit);

    /** Where each of the aggregate's events sits, in position order. */
    List<EventPosition> positionsOf(String aggregateId);

    /**
     * Aggregates that recorded an event of one of {@code payloadTypes} at or before {@code until}
     * whose payload's {@code scope} field is {@code scope} (as {@code Scope.toString()} writes it).
     */
    List<String> aggregatesNamingScope(Collection<String> payloadTypes, String scope, Instant until);

    /**
     * Streams the events after {@code after} that match {@code filter}, in position order, each with
     * the link the audit sealer recorded for it (null before it is sealed). Run inside a read-only
     * transaction, the rows come through a server-side cursor, so memory stays flat.
     */
    void streamSealed(long after, Filter filter, Consumer<AuditRecord.Event> sink);

    /** Up to {@code limit} events after {@code after} that match {@code filter}, with their seal links. */
    List<AuditRecord.Event> readSealed(long after, Filter filter, int limit);

    /** Positions after {@code after} that the sealer sealed but that hold no event any more, in position order. */
    List<AuditRecord.Missing> sealedWithoutEvent(long after);

    /** The processor's stored tokens, one per segment; empty if it has never claimed one. */
    List<StoredToken> tokens(String processorName);

    /** How many events each processor that holds a token still has to handle, by processor name, in name order. */
    Map<String, Long> processorLag();
}
