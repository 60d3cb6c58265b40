package org.binkindly.ledger.api.audit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.incident.policy.RecurrencePolicy;
import org.binkindly.ledger.projections.alert.AlertIntakeProjector;
import org.binkindly.ledger.projections.freshness.PackFreshnessProjector;
import org.binkindly.ledger.projections.gate.NoGoGateProjector;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.binkindly.ledger.projections.posture.ScopePostureProjector;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The view check (docs/audit.md, "Views are checked too"): every view is rebuilt from the log into
 * scratch tables and compared, row by row and column by column, with the live view.
 * <p>
 * All of it happens in one repeatable-read transaction that is always rolled back. In it, each
 * view table gets an empty temporary copy of the same name; PostgreSQL resolves an unqualified
 * table name to the session's temporary table first, so the view's own projector, called through
 * its processing group's own handler invoker (the fold a rebuild runs), writes into the copy while
 * the live table keeps serving. Events are handed over as replayed events, so handlers with side
 * effects ({@code @DisallowReplay}) do not run. Each group is fed exactly the events its stored
 * token says the live view has handled, read in the same snapshot as the live rows, so a view
 * that is merely behind is not a difference. A view split into segments has one token per segment:
 * each event is fed to the segment its processing group's sequencing policy assigns it to, judged by
 * that segment's token.
 */
@Component
public class ViewCheck {

    private static final Logger log = LoggerFactory.getLogger(ViewCheck.class);

    /**
     * The tables each view's processing group writes (what its {@code @ResetHandler} empties). A
     * replayable group missing here is reported as not covered, so a new view cannot slip by. A table
     * missing from its group's list is worse: the check's replay writes it live (in the check's
     * transaction, which rolls back, but holding its rows' locks and failing on rows committed since its
     * snapshot), and it is never compared; ViewCheckHttpTest holds every table of the schema to this list
     * or to its list of tables that are no view.
     */
    static final Map<String, List<String>> VIEW_TABLES = Map.of(
            IncidentViewProjector.PROCESSING_GROUP, List.of("incident_view", "incident_view_entry", "incident_timeline"),
            RecurrencePolicy.PROCESSING_GROUP, List.of("incident_history"),
            KillSwitchProjector.PROCESSING_GROUP, List.of("kill_switch_view"),
            RebindProjector.PROCESSING_GROUP, List.of("rebind_view", "active_manifest_view"),
            ScopePostureProjector.PROCESSING_GROUP, List.of("posture_source"),
            AlertIntakeProjector.PROCESSING_GROUP, List.of("alert_delivery_view", "unmapped_alert_view", "lost_alerts_view"),
            PackFreshnessProjector.PROCESSING_GROUP, List.of("pack_freshness_view"),
            LaunchProjector.PROCESSING_GROUP, List.of("launch_view", "expansion_view"),
            NoGoGateProjector.PROCESSING_GROUP, List.of("no_go_evidence", "no_go_drill_rebind", "no_go_open_incident"));

    /** Longest value shown in a difference; a view's JSON state can be long. */
    private static final int SHOWN = 2000;

    /** A token that covers every position: events handed over with it are replays. */
    private static final TrackingToken REPLAY_OF_EVERYTHING = GapAwareTrackingToken.newInstance(Long.MAX_VALUE, Collections.emptySet());

    /**
     * One table's comparison.
     *
     * @param view the view (processing group) the table belongs to
     * @param table the table compared
     * @param handledThrough the last log position the live view had handled when compared, null before its first event
     * @param liveRows how many rows the live table holds
     * @param rebuiltRows how many rows the rebuild from the log produced
     * @param differingRows how many rows differ between the two (present on one side only, or with a different value)
     */
    public record TableResult(String view, String table, Long handledThrough, long liveRows, long rebuiltRows, long differingRows) {
    }

    /**
     * The first difference: the row's primary key, and the first column whose value differs; a
     * row only one side has names no column, and the other side's value is null.
     *
     * @param view the view (processing group) the differing row belongs to
     * @param table the table holding it
     * @param key the row's primary key, column by column
     * @param column the first column whose value differs, null for a row only one side has
     * @param live the live table's value (at most 2,000 characters shown)
     * @param rebuilt the rebuilt table's value (at most 2,000 characters shown)
     */
    public record Difference(String view, String table, Map<String, String> key, String column, String live, String rebuilt) {
    }

    /**
     * A check's outcome.
     *
     * @param checkedAt when the check ran
     * @param millis how long it took, in milliseconds
     * @param logHead the log position the rebuild replayed up to
     * @param eventsReplayed how many events the rebuild replayed
     * @param views how many views were compared
     * @param differences how many rows differ, over all tables
     * @param firstDifference the first differing row found, null when none differs
     * @param tables each table's comparison
     * @param viewsNotCovered views this check does not compare
     */
    public record Report(Instant checkedAt, long millis, long logHead, long eventsReplayed, int views, long differences,
                         Difference firstDifference, List<TableResult> tables, List<String> viewsNotCovered) {

        public boolean consistent() {
            return differences == 0 && viewsNotCovered.isEmpty();
        }
    }

    private record View(String group, EventHandlerInvoker handlers, List<SegmentHandled> segments, List<String> tables) {

        /** The lowest position the view's segments have handled; null before any has handled one. */
        Long handledThrough() {
            long lowest = Long.MAX_VALUE;
            for (SegmentHandled segment : segments) {
                if (segment.handled() == null) {
                    return null;
                }
                lowest = Math.min(lowest, segment.handled().position().orElse(-1));
            }
            return lowest;
        }
    }

    /** One segment of a view and what its live copy has handled (null: nothing yet). */
    private record SegmentHandled(Segment segment, TrackingToken handled) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStorageEngine storage;
    private final EventLog eventLog;
    private final Serializer serializer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final AuditMetrics metrics;
    private final Clock clock;
    private final AtomicReference<Report> latest = new AtomicReference<>();

    public ViewCheck(EventProcessingConfiguration processing, EventStorageEngine storage, EventLog eventLog, Serializer serializer,
                     JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditMetrics metrics, Clock clock) {
        this.processing = processing;
        this.storage = storage;
        this.eventLog = eventLog;
        this.serializer = serializer;
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The last check this node ran; null before the first. */
    public Report latest() {
        return latest.get();
    }

    /** Rebuilds every view into scratch tables and compares; one check at a time on a node. */
    public synchronized Report check() {
        Instant checkedAt = clock.instant();
        long started = System.nanoTime();
        Report report = snapshot.execute(status -> {
            status.setRollbackOnly(); // the scratch tables go with it; nothing live is ever written
            return checkInSnapshot(checkedAt, started);
        });
        latest.set(report);
        metrics.viewChecked(report);
        if (report.consistent()) {
            log.info("view check: {} views, {} tables match a rebuild from the log ({} ms)", report.views(), report.tables().size(),
                    report.millis());
        } else {
            log.error("view check: {} differing rows; first: {}; views not covered: {}", report.differences(),
                    report.firstDifference(), report.viewsNotCovered());
        }
        return report;
    }

    private Report checkInSnapshot(Instant checkedAt, long started) {
        // Before the first query, which takes the snapshot: a rebuild's reset truncates the incident views, and
        // a snapshot taken before its commit would read them empty afterwards (truncate is not MVCC-safe).
        // Holding their lock first, a reset waits for the check or deletes the rows instead.
        jdbc.execute("lock table " + String.join(", ", IncidentViewProjector.TRUNCATED_AT_RESET) + " in access share mode");
        String schema = jdbc.queryForObject("select current_schema()", String.class);
        List<String> notCovered = new ArrayList<>();
        List<View> views = views(notCovered);
        for (View view : views) {
            for (String table : view.tables()) {
                // same name, shadowing the live table for this transaction only
                jdbc.execute("create temporary table %s (like %s.%s including all) on commit drop".formatted(table, schema, table));
            }
        }
        long head = eventLog.head().orElse(0);
        long replayed = replay(views, head);
        List<TableResult> tables = new ArrayList<>();
        Difference first = null;
        long differences = 0;
        for (View view : views) {
            for (String table : view.tables()) {
                TableComparison comparison = compare(view.group(), schema, table);
                tables.add(new TableResult(view.group(), table, view.handledThrough(),
                        comparison.liveRows(), comparison.rebuiltRows(), comparison.differingRows()));
                differences += comparison.differingRows();
                if (first == null) {
                    first = comparison.first();
                }
            }
        }
        return new Report(checkedAt, Duration.ofNanos(System.nanoTime() - started).toMillis(), head, replayed, views.size(),
                differences, first, tables, notCovered);
    }

    /** Every replayable processing group (a group with a view to rebuild), with what its live view has handled. */
    private List<View> views(List<String> notCovered) {
        List<View> views = new ArrayList<>();
        processing.eventProcessors().values().stream()
                .filter(processor -> processor instanceof StreamingEventProcessor streaming && streaming.supportsReset())
                .sorted(Comparator.comparing(EventProcessor::getName))
                .forEach(processor -> {
                    List<String> tables = VIEW_TABLES.get(processor.getName());
                    List<EventLog.StoredToken> segments = eventLog.tokens(processor.getName());
                    if (tables == null || !(processor instanceof AbstractEventProcessor abstractProcessor)) {
                        notCovered.add(processor.getName());
                        return;
                    }
                    views.add(new View(processor.getName(), abstractProcessor.eventHandlerInvoker(), handled(segments), tables));
                });
        return views;
    }

    /**
     * Each segment's position as stored in its token (read in this snapshot, like the view's rows); a view never
     * claimed has handled nothing yet, as one root segment.
     */
    private List<SegmentHandled> handled(List<EventLog.StoredToken> stored) {
        if (stored.isEmpty()) {
            return List.of(new SegmentHandled(Segment.ROOT_SEGMENT, null));
        }
        int[] ids = stored.stream().mapToInt(EventLog.StoredToken::segment).toArray();
        return stored.stream().map(token -> new SegmentHandled(Segment.computeSegment(token.segment(), ids), token.token() == null ? null
                : serializer.deserialize(new SimpleSerializedObject<>(token.token(), byte[].class, token.tokenType(), null)))).toList();
    }

    /** Hands every event to the views whose live copy has handled it, as a replay; answers how many events were read. */
    private long replay(List<View> views, long head) {
        long read = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                long position = event.trackingToken().position().orElse(0);
                if (position > head) {
                    break;
                }
                read++;
                TrackingToken replayToken = new ReplayToken(REPLAY_OF_EVERYTHING, event.trackingToken());
                // an aggregate's event stays a domain event: handlers read its sequence number (@SequenceNumber)
                TrackedEventMessage<?> replay = event instanceof DomainEventMessage<?> domainEvent
                        ? new GenericTrackedDomainEventMessage<>(replayToken, domainEvent)
                        : new GenericTrackedEventMessage<>(replayToken, event);
                if (!ReplayToken.isReplay(replay)) {
                    throw new IllegalStateException("a replayed event must read as a replay, or side effects would run");
                }
                for (View view : views) {
                    SegmentHandled segment = segmentOf(view, replay);
                    if (segment != null && handled(segment.handled(), position)) {
                        try {
                            view.handlers().handle(replay, segment.segment());
                        } catch (Exception e) {
                            throw new IllegalStateException("view %s failed on the event at %s: %s".formatted(view.group(),
                                    event.trackingToken(), e.getMessage()), e);
                        }
                    }
                }
            }
        }
        return read;
    }

    /** The segment of the view that folds this event (its sequencing policy decides); null if no handler takes it. */
    private static SegmentHandled segmentOf(View view, TrackedEventMessage<?> event) {
        for (SegmentHandled segment : view.segments()) {
            if (view.handlers().canHandle(event, segment.segment())) {
                return segment;
            }
        }
        return null;
    }

    /**
     * Whether the live view has handled the event at {@code position}: at or below its token's index
     * and not one of the token's gaps (a position it passed that may still commit). Not Axon's
     * {@code covers}, which also compares the gaps of the reading token.
     */
    private static boolean handled(TrackingToken token, long position) {
        if (token == null) {
            return false;
        }
        TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        if (current instanceof GapAwareTrackingToken gapAware) {
            return position <= gapAware.getIndex() && !gapAware.getGaps().contains(position);
        }
        return current != null && current.position().orElse(-1) >= position;
    }

    private record TableComparison(long liveRows, long rebuiltRows, long differingRows, Difference first) {
    }

    private TableComparison compare(String view, String schema, String table) {
        String live = schema + "." + table;
        String rebuilt = "pg_temp." + table;
        List<String> key = jdbc.queryForList("""
                select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
                where i.indrelid = ?::regclass and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)""",
                String.class, live);
        List<String> columns = jdbc.queryForList("""
                select column_name from information_schema.columns where table_schema = ? and table_name = ?
                order by ordinal_position""", String.class, schema, table);
        if (key.isEmpty()) {
            key = columns; // no primary key: the whole row is its key
        }
        String keyList = String.join(", ", key);
        String differing = "(select * from %s except all select * from %s) union all (select * from %s except all select * from %s)"
                .formatted(live, rebuilt, rebuilt, live);
        long liveRows = count("select count(*) from " + live);
        long rebuiltRows = count("select count(*) from " + rebuilt);
        long differingRows = count("select count(distinct (%s)) from (%s) d".formatted(keyList, differing));
        Difference first = null;
        if (differingRows > 0) {
            String textKey = String.join(", ", key.stream().map(column -> column + "::text").toList());
            Map<String, Object> firstKey = jdbc.queryForMap("select %s from (%s) d order by %s limit 1"
                    .formatted(textKey, differing, textKey));
            List<Object> values = new ArrayList<>(firstKey.values());
            Map<String, String> keyValues = new LinkedHashMap<>();
            for (int i = 0; i < key.size(); i++) {
                keyValues.put(key.get(i), Objects.toString(values.get(i), null));
            }
            first = difference(view, table, columns, keyValues, row(live, columns, keyValues), row(rebuilt, columns, keyValues));
        }
        return new TableComparison(liveRows, rebuiltRows, differingRows, first);
    }

    private static Difference difference(String view, String table, List<String> columns, Map<String, String> key,
                                         Map<String, String> live, Map<String, String> rebuilt) {
        if (live == null || rebuilt == null) {
            return new Difference(view, table, key, null, live == null ? null : shown(live.toString()),
                    rebuilt == null ? null : shown(rebuilt.toString()));
        }
        for (String column : columns) {
            if (!Objects.equals(live.get(column), rebuilt.get(column))) {
                return new Difference(view, table, key, column, shown(live.get(column)), shown(rebuilt.get(column)));
            }
        }
        return new Difference(view, table, key, null, shown(live.toString()), shown(rebuilt.toString()));
    }

    /** The row with this key, every column as text; null when there is none. */
    private Map<String, String> row(String table, List<String> columns, Map<String, String> key) {
        String select = String.join(", ", columns.stream().map(column -> column + "::text").toList());
        String where = String.join(" and ", key.keySet().stream().map(column -> column + "::text is not distinct from ?").toList());
        List<Map<String, Object>> rows = jdbc.queryForList("select %s from %s where %s limit 1".formatted(select, table, where),
                key.values().toArray());
        if (rows.isEmpty()) {
            return null;
        }
        List<Object> values = new ArrayList<>(rows.get(0).values());
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), Objects.toString(values.get(i), null));
        }
        return row;
    }

    private long count(String sql) {
        Long count = jdbc.queryForObject(sql, Long.class);
        return count == null ? 0 : count;
    }

    private static String shown(String value) {
        return value == null || value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "…";
    }
}
