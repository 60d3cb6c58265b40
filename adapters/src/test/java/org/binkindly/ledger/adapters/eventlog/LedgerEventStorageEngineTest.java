package org.binkindly.ledger.adapters.eventlog;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's timestamps are the instants Axon's own parser reads from the same text: on the shape the
 * log holds, through its own reading, and for every other text through Axon's parser.
 */
class LedgerEventStorageEngineTest {

    private static final Path MIGRATIONS = Path.of("../ledger-api/src/main/resources/db/migration");

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;
    private static LedgerEventStorageEngine engine;
    /** Axon's own engine on the same table, as the ledger's engine's reference. */
    private static JdbcEventStorageEngine axons;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        engine = new LedgerEventStorageEngine(builder(serializer));
        axons = builder(serializer).build();
    }

    private static JdbcEventStorageEngine.Builder builder(JacksonSerializer serializer) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(postgres.getPostgresDatabase()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .schema(LedgerEventStorageEngine.SCHEMA);
    }

    /** A new event table for each test (the table refuses deletes). */
    @BeforeEach
    void emptyLog() throws IOException {
        jdbc.execute("drop schema public cascade; create schema public");
        jdbc.execute(Files.readString(MIGRATIONS.resolve("V1__event_store.sql")));
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void theLogsShapeIsReadAsAxonReadsIt() {
        SplittableRandom random = new SplittableRandom(20261205);
        long earliest = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long latest = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        IntStream.range(0, 100_000).forEach(i -> {
            Instant instant = Instant.ofEpochSecond(random.nextLong(earliest, latest + 1), random.nextInt(1_000_000_000));
            String stored = DateTimeUtils.formatInstant(instant);
            assertThat(LedgerEventStorageEngine.parse(stored)).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
        });
        for (String stored : List.of("2024-02-29T23:59:59.999Z", "2026-12-31T00:00:00.000Z", "2026-01-01T00:00:00.000Z",
                "1970-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "2000-02-29T12:30:45.001Z")) {
            assertThat(LedgerEventStorageEngine.parse(stored)).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
        }
    }

    @Test
    void otherTextIsAxonsToReadOrRefuse() {
        for (String other : List.of("2026-12-05T06:48:14.088+01:00", "2026-12-05T06:48:14Z", "2026-12-05T06:48:14.088123Z",
                "2026-12-05T06:48:14.088-00:30")) {
            assertThat(LedgerEventStorageEngine.parse(other)).as(other).isEqualTo(DateTimeUtils.parseInstant(other));
        }
        for (String refused : List.of("2026-02-30T00:00:00.000Z", "2025-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
                "2026-00-01T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-12-05T24:00:00.000Z", "2026-12-05T23:60:00.000Z",
                "2026-12-05T23:59:60.000Z", "2026-1a-05T06:48:14.088Z", "-026-12-05T06:48:14.088Z", "2026-12-05 06:48:14.088Z",
                "2026-12-05T06:48:14,088Z", "2026-12-05T06:48:1x.088Z", "")) {
            assertThatThrownBy(() -> LedgerEventStorageEngine.parse(refused)).as(refused).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> DateTimeUtils.parseInstant(refused)).as(refused).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void eventsReadBackCarryTheInstantsTheyWereAppendedWith() {
        Instant first = Instant.parse("2024-02-29T23:59:59.999Z");
        Instant second = Instant.parse("2026-12-05T06:48:14.088Z");
        engine.appendEvents(List.of(event("incident-1", 0, first)));
        jdbc.update("""
                insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,
                                                payload_type, time_stamp)
                select aggregate_identifier, 1, type, 'incident-1/1', meta_data, payload, payload_type, '2026-12-05T07:48:14.088+01:00'
                from domain_event_entry where sequence_number = 0""");

        assertThat(jdbc.queryForList("select time_stamp from domain_event_entry order by global_index", String.class))
                .containsExactly("2024-02-29T23:59:59.999Z", "2026-12-05T07:48:14.088+01:00");
        assertThat(engine.readEvents("incident-1").asStream().map(DomainEventMessage::getTimestamp))
                .containsExactly(first, second);
        assertThat(engine.readEvents(null, false).limit(2).map(TrackedEventMessage::getTimestamp))
                .containsExactly(first, second);
    }

    /**
     * A log with gaps: a recent first event after a position never taken, positions never taken before
     * old events (they will never fill) and before recent ones (a transaction may still commit them), an
     * event stored without an aggregate. Read from the start and from a token that still waits for gaps,
     * the ledger's engine hands out what Axon's does: the same events, the same instants, the same
     * tracking tokens, gaps included.
     */
    @Test
    void trackedEventsAndTheirTokensAreAxonsOwn() {
        Instant now = Instant.now();
        String old = DateTimeUtils.formatInstant(now.minus(Duration.ofDays(3)));
        String recent = DateTimeUtils.formatInstant(now.minusSeconds(5));
        Object[][] rows = {{2, "incident-a", 0, recent}, {3, "incident-a", 1, old}, {7, "incident-b", 0, old},
                {12, "incident-b", 1, recent}, {13, null, 0, recent}, {40, "incident-a", 2, recent}};
        for (Object[] row : rows) {
            String eventId = "event-" + row[0];
            jdbc.update("""
                    insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                                    meta_data, payload, payload_type, time_stamp)
                    values (?, ?, ?, 'Incident', ?, convert_to('{}', 'UTF8'), convert_to('{"n":1}', 'UTF8'), 'java.util.HashMap', ?)""",
                    row[0], row[1] == null ? eventId : row[1], row[2], eventId, row[3]);
        }

        List<String> fromTheStart = tracked(engine, null);
        assertThat(fromTheStart).hasSize(rows.length).isEqualTo(tracked(axons, null));
        assertThat(fromTheStart.get(0)).as("the first event, recent: position 1 may still commit").contains("gaps=[1]");
        assertThat(fromTheStart.get(4)).as("recent: its missing predecessors may still commit").contains("gaps=[8, 9, 10, 11]");
        GapAwareTrackingToken waiting = GapAwareTrackingToken.newInstance(12, new TreeSet<>(List.of(8L, 9L, 10L, 11L)));
        assertThat(tracked(engine, waiting)).hasSize(2).isEqualTo(tracked(axons, waiting));
    }

    /**
     * A page read once is handed to the next reader of the same stretch, and reading through shared pages gives
     * what Axon's own engine reads: the same events, instants and tokens. Only a page nothing can change is
     * shared: full, every position present, after a token with no gap. Pages with a position never taken, and
     * reads after a token that still waits for a gap, go to the database each time.
     */
    @Test
    void pagesAreSharedOnlyWhereNothingCanChangeThem() {
        Instant now = Instant.now();
        String old = DateTimeUtils.formatInstant(now.minus(Duration.ofDays(3)));
        String recent = DateTimeUtils.formatInstant(now);
        // 1..1000 old; 1001 never taken; 1002..1300 old; 1301..1320 recent; 1321 never taken (may still commit); 1322..1350
        jdbc.update("""
                insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_type, time_stamp)
                select p, 'incident-' || p, 0, 'Incident', 'event-' || p, convert_to('{}', 'UTF8'),
                       convert_to('{"n":' || p || '}', 'UTF8'), 'java.util.HashMap', case when p > 1300 then ? else ? end
                from generate_series(1, 1350) p where p not in (1001, 1321)""", recent, old);
        LedgerEventStorageEngine sharing = new LedgerEventStorageEngine(builder(JacksonSerializer.defaultSerializer()));

        List<String> first = tracked(sharing, null);
        assertThat(sharing.sharedPageCounts()[0]).as("pages handed out to the first reader").isZero();
        List<String> second = tracked(sharing, null);
        // complete pages: after 100, 200, .., 900 (nine), after 1100 and after 1200; not the first (no token before it),
        // not 1001..1100 (1001 never taken), not 1301..1350 (half a page), nothing after 1350 (its token waits for 1321)
        assertThat(sharing.sharedPageCounts()[0]).as("pages the second reader was handed").isEqualTo(11);
        List<String> axonsRead = tracked(axons, null);
        assertThat(axonsRead).hasSize(1_348);
        assertThat(first).isEqualTo(axonsRead);
        assertThat(second).isEqualTo(axonsRead);
        assertThat(second.get(second.size() - 1)).contains("gaps=[1321]");

        // the positions never taken are filled after all (a late commit, or by hand): they are read, never an old page
        jdbc.update("""
                insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_type, time_stamp)
                select p, 'incident-' || p, 0, 'Incident', 'event-' || p, convert_to('{}', 'UTF8'),
                       convert_to('{"n":' || p || '}', 'UTF8'), 'java.util.HashMap', ?
                from unnest(array[1001, 1321]) p""", recent);
        GapAwareTrackingToken waiting = GapAwareTrackingToken.newInstance(1_350, new TreeSet<>(List.of(1_321L)));
        assertThat(tracked(sharing, waiting)).hasSize(1).isEqualTo(tracked(axons, waiting));
        GapAwareTrackingToken afterThousand = GapAwareTrackingToken.newInstance(1_000, new TreeSet<>());
        List<String> fromThousand = tracked(sharing, afterThousand);
        assertThat(fromThousand).isEqualTo(tracked(axons, afterThousand));
        assertThat(fromThousand.get(0)).contains("event-1001");
    }

    /**
     * Readers that ask for the same page at the same moment (the segments of views replaying side by side) get
     * it from one read: the others wait for that read instead of reading it too, and read what Axon reads.
     */
    @Test
    void readersAskingForAPageTogetherShareOneRead() throws Exception {
        String old = DateTimeUtils.formatInstant(Instant.now().minus(Duration.ofDays(3)));
        jdbc.update("""
                insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_type, time_stamp)
                select p, 'incident-' || p, 0, 'Incident', 'event-' || p, convert_to('{}', 'UTF8'),
                       convert_to('{"n":' || p || '}', 'UTF8'), 'java.util.HashMap', ?
                from generate_series(1, 1000) p""", old);
        LedgerEventStorageEngine sharing = new LedgerEventStorageEngine(builder(JacksonSerializer.defaultSerializer()));
        GapAwareTrackingToken start = GapAwareTrackingToken.newInstance(0, new TreeSet<>());
        int readers = 8;
        CyclicBarrier together = new CyclicBarrier(readers);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<List<String>>> reads = IntStream.range(0, readers).mapToObj(reader -> pool.submit(() -> {
                together.await();
                return tracked(sharing, start);
            })).toList();
            List<String> axonsRead = tracked(axons, start);
            assertThat(axonsRead).hasSize(1_000);
            for (Future<List<String>> read : reads) {
                assertThat(read.get(1, TimeUnit.MINUTES)).isEqualTo(axonsRead);
            }
        } finally {
            pool.shutdownNow();
        }
        // ten full pages of 100 after positions 0 to 900, each read once and handed to the seven other readers
        assertThat(sharing.sharedPageCounts()[0]).as("pages handed out, waited for or kept").isEqualTo(70);
    }

    /** A reader that finds another reading its page waits for that read; a page not to be shared is read by each. */
    @Test
    void aReaderWaitsForAReadUnderWayOfItsPage() throws Exception {
        List<TrackedEventData<?>> page = pageOfAHundred();
        LedgerEventStorageEngine.SharedPages pages = new LedgerEventStorageEngine.SharedPages(300, Duration.ofHours(1));

        LedgerEventStorageEngine.SharedPages.Look first = pages.look(0, 100);
        assertThat(first.page()).isNull();
        assertThat(first.beingRead()).as("the first to ask reads it").isNull();
        LedgerEventStorageEngine.SharedPages.Look second = pages.look(0, 100);
        assertThat(second.beingRead()).as("the second waits for that read").isNotNull().isNotDone();
        assertThat(pages.look(0, 50).beingRead()).as("another batch size is another page").isNull();
        pages.readEnded(0, 100, page);
        assertThat(pages.awaitRead(second.beingRead())).isEqualTo(page);
        assertThat(pages.look(0, 100).page()).as("then kept").isEqualTo(page);
        assertThat(pages.counts()).as("handed out, read").containsExactly(2, 2);

        LedgerEventStorageEngine.SharedPages.Look reading = pages.look(100, 100);
        LedgerEventStorageEngine.SharedPages.Look waiting = pages.look(100, 100);
        assertThat(reading.beingRead()).isNull();
        pages.readEnded(100, 100, null); // not complete, or the read failed
        assertThat(pages.awaitRead(waiting.beingRead())).as("nothing to share: the waiter reads it itself").isNull();
        assertThat(pages.look(100, 100).beingRead()).as("and the next to ask reads it too").isNull();
    }

    /** The shared pages are bounded in events and in time: the eldest goes first, and an expired page is let go. */
    @Test
    void sharedPagesAreBoundedInEventsAndTime() throws InterruptedException {
        List<TrackedEventData<?>> page = pageOfAHundred();
        LedgerEventStorageEngine.SharedPages bounded = new LedgerEventStorageEngine.SharedPages(300, Duration.ofHours(1));
        for (long after = 0; after < 500; after += 100) {
            bounded.put(after, 100, page);
        }
        assertThat(bounded.size()).isEqualTo(3);
        assertThat(bounded.look(0, 100).page()).as("the eldest went first").isNull();
        assertThat(bounded.look(200, 100).page()).isNotNull();
        assertThat(bounded.look(400, 100).page()).isNotNull();
        assertThat(bounded.look(400, 50).page()).as("read with another batch size").isNull();

        LedgerEventStorageEngine.SharedPages brief = new LedgerEventStorageEngine.SharedPages(300, Duration.ofMillis(1));
        brief.put(0, 100, page);
        brief.put(100, 100, page);
        Thread.sleep(20);
        assertThat(brief.look(0, 100).page()).isNull();
        assertThat(brief.size()).as("expired pages are let go, not kept").isZero();
    }

    /** A page of 100 events, as the shared pages hold it (its content does not matter to them). */
    private static List<TrackedEventData<?>> pageOfAHundred() {
        return java.util.Collections.nCopies(100, new TrackedDomainEventData<>(
                GapAwareTrackingToken.newInstance(1, new TreeSet<>()), new GenericDomainEventEntry<>("Incident", "incident-1", 0,
                "event-1", "2026-12-05T06:48:14.088Z", "java.util.HashMap", null, "{}", "{}")));
    }

    private static List<String> tracked(JdbcEventStorageEngine reader, TrackingToken from) {
        return reader.readEvents(from, false).map(event -> String.join(" | ", String.valueOf(event.trackingToken()),
                        event.getIdentifier(), String.valueOf(event.getTimestamp()),
                        event instanceof DomainEventMessage<?> domain
                                ? domain.getType() + ":" + domain.getAggregateIdentifier() + "/" + domain.getSequenceNumber() : "-",
                        event.getPayloadType().getName(), String.valueOf(event.getPayload()), String.valueOf(event.getMetaData())))
                .toList();
    }

    private static DomainEventMessage<?> event(String aggregateId, long sequence, Instant at) {
        return new GenericDomainEventMessage<>("Incident", aggregateId, sequence, Map.of("n", sequence), MetaData.emptyInstance(),
                aggregateId + "/" + sequence, at);
    }
}
