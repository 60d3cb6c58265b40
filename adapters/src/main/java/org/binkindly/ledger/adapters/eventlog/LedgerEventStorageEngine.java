package org.binkindly.ledger.adapters.eventlog;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Axon's JDBC event store, except that an event's timestamp is parsed once, as it is read. Axon keeps
 * the stored text and parses it with {@code ISO_OFFSET_DATE_TIME} at every call of {@code getTimestamp()},
 * twice per event a processor reads: in a profile of a view's rebuild that was two fifths of the
 * processor's time, for events the view does not even handle. The log holds one shape of timestamp
 * (what Axon writes: {@code 2026-12-05T06:48:14.088Z}); {@link #parse} reads that shape directly and hands
 * anything else to Axon's own parser, so the instant is the same either way.
 */
public class LedgerEventStorageEngine extends JdbcEventStorageEngine {

    /** The event store's tables and columns, as the Flyway scripts create them (snake case, not Axon's default names). */
    public static final EventSchema SCHEMA = EventSchema.builder()
            .eventTable(JdbcEventLog.EVENT_TABLE)
            .snapshotTable(JdbcEventLog.SNAPSHOT_TABLE)
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    public LedgerEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken) throws SQLException {
        TrackedEventData<?> read = super.getTrackedEventData(resultSet, previousToken);
        if (read instanceof TrackedDomainEventData<?> tracked) {
            return new ParsedTimestamp<>(tracked, parse(resultSet.getString(schema().timestampColumn())));
        }
        return read;
    }

    /**
     * The instant of a stored timestamp. {@code yyyy-MM-ddTHH:mm:ss.SSSZ} is read here; any other text, or
     * a field out of its range, goes to Axon's parser, which reads it or says why not.
     */
    public static Instant parse(String stored) {
        if (stored == null || stored.length() != 24 || stored.charAt(4) != '-' || stored.charAt(7) != '-'
                || stored.charAt(10) != 'T' || stored.charAt(13) != ':' || stored.charAt(16) != ':'
                || stored.charAt(19) != '.' || stored.charAt(23) != 'Z') {
            return DateTimeUtils.parseInstant(stored);
        }
        int year = digits(stored, 0, 4);
        int month = digits(stored, 5, 2);
        int day = digits(stored, 8, 2);
        int hour = digits(stored, 11, 2);
        int minute = digits(stored, 14, 2);
        int second = digits(stored, 17, 2);
        int millis = digits(stored, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || millis < 0 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return DateTimeUtils.parseInstant(stored);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
    }

    /** The number written in {@code length} ASCII digits from {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** An event as Axon read it, with its timestamp already parsed. */
    private static final class ParsedTimestamp<T> extends TrackedDomainEventData<T> {

        private final Instant timestamp;

        ParsedTimestamp(TrackedDomainEventData<T> read, Instant timestamp) {
            super(read.trackingToken(), read);
            this.timestamp = timestamp;
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }
    }

    /** The same for the events read to load one aggregate. */
    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return new ParsedDomainTimestamp<>(super.getDomainEventData(resultSet), parse(resultSet.getString(schema().timestampColumn())));
    }

    private record ParsedDomainTimestamp<T>(DomainEventData<T> read, Instant timestamp) implements DomainEventData<T> {

        @Override
        public String getType() {
            return read.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return read.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return read.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return read.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return read.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return read.getPayload();
        }
    }
}
