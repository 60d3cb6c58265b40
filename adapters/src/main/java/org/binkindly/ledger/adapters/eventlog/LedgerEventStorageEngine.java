package org.binkindly.ledger.adapters.eventlog;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

import java.lang.ref.SoftReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Axon's JDBC event store, except that an event's timestamp is parsed once, as it is read. Axon keeps
 * the stored text and parses it with {@code ISO_OFFSET_DATE_TIME} at every call of {@code getTimestamp()}:
 * as it reads a tracked event (to decide whether a gap before it may still fill), and again each time a
 * processor asks, for events the view does not even handle. In profiles of a view's rebuild that was two
 * fifths of the processor's time, and still 12% with only Axon's own read left. The log holds one shape
 * of timestamp (what Axon writes: {@code 2026-12-05T06:48:14.088Z}); {@link #parse} reads that shape
 * directly and hands anything else to Axon's own parser, so the instant is the same either way.
 * <p>
 * Reading a tracked event is Axon's {@code getTrackedEventData} with that one parse: the same entry and
 * the same tracking token, from the gap settings this engine sets on the builder (Axon's defaults),
 * since Axon keeps its own private.
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

    /** How far past the last position a gap is still tracked (Axon's default). */
    static final int MAX_GAP_OFFSET = 10_000;
    /** The first position the log hands out (Axon's default). */
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    /** How long after its timestamp an event's missing predecessors may still commit (Axon's default, ms). */
    static final int GAP_TIMEOUT_MILLIS = 60_000;

    /**
     * How many events {@link #fetchTrackedEvents} keeps in pages for other readers, at most: about 1 KB of heap
     * each (113 MB after a collection with the 101,000 events of a seeded log kept). Rebuilding every view at once
     * on that log, the processors read 1,616,000 rows without shared pages; 436,000-464,000 with 50,000 events
     * kept, 335,000-448,000 with 100,000: the readers of one stretch mostly keep within this distance.
     */
    static final int SHARED_EVENTS = 50_000;
    /** How long a kept page is handed out after it was read; then it is let go. */
    static final Duration SHARED_PAGE_LIFETIME = Duration.ofSeconds(20);

    private final SharedPages sharedPages = new SharedPages(SHARED_EVENTS, SHARED_PAGE_LIFETIME);

    public LedgerEventStorageEngine(Builder builder) {
        super(builder.maxGapOffset(MAX_GAP_OFFSET).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE).gapTimeout(GAP_TIMEOUT_MILLIS));
    }

    /**
     * A page of the log for a tracking processor, shared with the others that read the same stretch. Every
     * segment of every view reads the whole log for itself: rebuilding every view at once read it 16 times,
     * each time with every event's payload and metadata, as bytea through the JDBC driver (the reads were
     * about a third of the database's CPU in such a rebuild). Pages are the store's batches. A page is shared
     * only when nothing can change it: read after a position with no gap, and full, every position after it
     * present (rows of the log are never changed). Its tracking tokens then depend only on that position.
     * Readers that ask for a page while another reads it wait for that read rather than reading it too:
     * readers of one stretch at the same speed ask for each page at about the same moment.
     */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (!(lastToken instanceof GapAwareTrackingToken after) || !after.getGaps().isEmpty()) {
            return super.fetchTrackedEvents(lastToken, batchSize);
        }
        SharedPages.Look look = sharedPages.look(after.getIndex(), batchSize);
        if (look.page() != null) {
            return look.page();
        }
        if (look.beingRead() != null) {
            List<? extends TrackedEventData<?>> readByAnother = sharedPages.awaitRead(look.beingRead());
            return readByAnother != null ? readByAnother : super.fetchTrackedEvents(lastToken, batchSize);
        }
        List<? extends TrackedEventData<?>> page = null;
        try {
            page = super.fetchTrackedEvents(lastToken, batchSize);
            return page;
        } finally {
            sharedPages.readEnded(after.getIndex(), batchSize, page != null && isComplete(after.getIndex(), page, batchSize) ? page : null);
        }
    }

    /** Pages handed out from {@link SharedPages} and pages read, since the start. */
    long[] sharedPageCounts() {
        return sharedPages.counts();
    }

    /** The page holds every position from {@code after + 1} to {@code after + batchSize}, with tokens without gaps. */
    static boolean isComplete(long after, List<? extends TrackedEventData<?>> page, int batchSize) {
        if (page.size() != batchSize) {
            return false;
        }
        for (int i = 0; i < page.size(); i++) {
            if (!(page.get(i).trackingToken() instanceof GapAwareTrackingToken token) || token.getIndex() != after + 1 + i
                    || !token.getGaps().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken) throws SQLException {
        EventSchema schema = schema();
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        String storedTimestamp = readTimeStamp(resultSet, schema.timestampColumn()).toString();
        Instant timestamp = parse(storedTimestamp);
        GenericDomainEventEntry<?> entry = new GenericDomainEventEntry<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                storedTimestamp,
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
        // as Axon: a gap before a recent event may still fill (a transaction that took its position and
        // has not committed); before an old one it never will
        boolean allowGaps = timestamp.isAfter(GenericEventMessage.clock.instant().minus(GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                            .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new ParsedTimestamp<>(token, entry, timestamp);
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

        ParsedTimestamp(TrackingToken token, DomainEventData<T> read, Instant timestamp) {
            super(token, read);
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

    /**
     * The shared pages, by the position they were read after: the most recent, up to {@code capacity} events in
     * all, each for {@code lifetime} after it was read, softly held (the heap comes first). Readers of one
     * stretch at about the same speed share it; one far behind reads its own, which the readers near it share.
     * A page being read is noted until its read ends, so readers asking for it meanwhile wait for that read
     * instead of each reading it (they arrive together: without this, a rebuild of every view at once read the
     * log four to eight times in all instead of about twice).
     */
    static final class SharedPages {
        private record Page(int batchSize, List<? extends TrackedEventData<?>> events) {
        }

        /** A page, and its size and time read kept apart from it: the collector may clear the page. */
        private record Kept(SoftReference<Page> page, int size, long readAtNanos) {
        }

        /** A read of a page under way, and what it will hand over: the page, or null if it is not to be shared. */
        private record Reading(int batchSize, CompletableFuture<List<? extends TrackedEventData<?>>> page) {
        }

        /**
         * What a reader found: the page, or another reader's read of it to wait for; neither when the reader is
         * to read the page itself and then tell {@link #readEnded}.
         */
        record Look(List<? extends TrackedEventData<?>> page, CompletableFuture<List<? extends TrackedEventData<?>>> beingRead) {
        }

        private static final Look READ_IT = new Look(null, null);

        private final int capacity;
        private final long lifetimeNanos;
        /** In the order they were read, the eldest first. */
        private final Map<Long, Kept> pages = new LinkedHashMap<>();
        /** Reads under way, by the position they read after. */
        private final Map<Long, Reading> reading = new HashMap<>();
        /** Events in {@link #pages}, a page the collector cleared included until it is let go. */
        private long events;
        private long handedOut;
        private long read;

        SharedPages(int capacity, Duration lifetime) {
            this.capacity = capacity;
            this.lifetimeNanos = lifetime.toNanos();
        }

        /** The page read after {@code after}, another reader's read of it under way, or neither (then read it). */
        synchronized Look look(long after, int batchSize) {
            letGo(System.nanoTime());
            Kept kept = pages.get(after);
            Page page = kept == null ? null : kept.page().get();
            if (page != null && page.batchSize() == batchSize) {
                handedOut++;
                return new Look(page.events(), null);
            }
            Reading other = reading.get(after);
            if (other != null && other.batchSize() == batchSize) {
                return new Look(null, other.page());
            }
            if (other == null) {
                reading.put(after, new Reading(batchSize, new CompletableFuture<>()));
            }
            read++;
            return READ_IT;
        }

        /** Waits for another reader's read: its page, or null if it is not shared (the caller then reads it). */
        List<? extends TrackedEventData<?>> awaitRead(CompletableFuture<List<? extends TrackedEventData<?>>> beingRead) {
            List<? extends TrackedEventData<?>> page;
            try {
                page = beingRead.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                return null;
            }
            if (page != null) {
                synchronized (this) {
                    handedOut++;
                }
            }
            return page;
        }

        /**
         * The read after {@code after} that {@link #look} left to its caller has ended: with the page, to be shared,
         * or null (not complete, or the read failed). Readers waiting for it get the page, or read it themselves.
         */
        synchronized void readEnded(long after, int batchSize, List<? extends TrackedEventData<?>> page) {
            List<? extends TrackedEventData<?>> shared = page == null ? null : put(after, batchSize, page);
            Reading mine = reading.get(after);
            if (mine != null && mine.batchSize() == batchSize) {
                reading.remove(after);
                mine.page().complete(shared);
            }
        }

        synchronized List<? extends TrackedEventData<?>> put(long after, int batchSize, List<? extends TrackedEventData<?>> page) {
            long now = System.nanoTime();
            Kept before = pages.remove(after); // a page read again goes to the back of the line
            if (before != null) {
                events -= before.size();
            }
            List<? extends TrackedEventData<?>> kept = List.copyOf(page);
            pages.put(after, new Kept(new SoftReference<>(new Page(batchSize, kept)), page.size(), now));
            events += page.size();
            letGo(now);
            return kept;
        }

        /** The eldest pages go while there are too many events, or while they are past their lifetime or cleared. */
        private void letGo(long now) {
            Iterator<Kept> eldestFirst = pages.values().iterator();
            while (eldestFirst.hasNext()) {
                Kept kept = eldestFirst.next();
                if (events <= capacity && now - kept.readAtNanos() <= lifetimeNanos && kept.page().get() != null) {
                    return;
                }
                eldestFirst.remove();
                events -= kept.size();
            }
        }

        synchronized int size() {
            return pages.size();
        }

        synchronized long[] counts() {
            return new long[]{handedOut, read};
        }
    }
}
