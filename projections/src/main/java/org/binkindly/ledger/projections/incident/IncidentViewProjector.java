package org.binkindly.ledger.projections.incident;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentEvent;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.support.CopyIn;
import org.binkindly.ledger.projections.support.JsonDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.lang.ref.SoftReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Folds incident events into the incident detail, its timeline, its evidence completeness and the
 * severity board. Each row remembers the sequence number of the last event folded into it, so a
 * redelivered batch changes nothing. Within a batch of the processor the writes are gathered and
 * made once at its commit.
 */
@ProcessingGroup(IncidentViewProjector.PROCESSING_GROUP)
public class IncidentViewProjector {

    public static final String PROCESSING_GROUP = "incident-views";

    /** The tables a reset truncates; the ledger's runtime role is granted {@code truncate} on these alone. */
    public static final List<String> TRUNCATED_AT_RESET = List.of("incident_timeline", "incident_view_entry", "incident_view");

    private static final Logger log = LoggerFactory.getLogger(IncidentViewProjector.class);

    /**
     * The state's lists, each stored one row per entry in {@code incident_view_entry} instead of in the
     * row's document: an event then writes the entries it added or replaced, not every entry again. Every
     * list of {@link IncidentState} is here (IncidentViewProjectorTest checks it); entries are immutable
     * records, so an entry the fold replaced is a different object.
     */
    static final Map<String, Function<IncidentState, List<?>>> ENTRY_LISTS = entryLists();

    /**
     * The incident's whole state, from its row {@code v} of {@code incident_view}: the document with its
     * lists put back from {@code incident_view_entry} in their order, the same JSON as the fold written whole.
     * The tables are named unqualified, so the view check's temporary copies are the ones read there.
     */
    public static final String STATE = """
            (v.state || coalesce((select jsonb_object_agg(l.list_name, l.entries)
                                  from (select e.list_name, jsonb_agg(e.entry order by e.entry_index) as entries
                                        from incident_view_entry e where e.incident_id = v.incident_id
                                        group by e.list_name) l), '{}'::jsonb))""";

    private final JdbcTemplate jdbc;
    private final JsonDocuments json;
    /** Writes the state's document without {@link #ENTRY_LISTS}. */
    private final JsonDocuments documents;
    /** This projector's pending writes in a batch's unit of work (one key per instance). */
    private final String pendingKey = IncidentViewProjector.class.getName() + "@" + System.identityHashCode(this);
    /**
     * The rows this projector last wrote, by incident, so the next batch on an incident need not read
     * it again (for an incident of 10,000 actions, 1.6 MB, two thirds of the processor's time before its
     * lists moved to rows). One is used only if its row still holds its version: another node, a rebuild
     * or a batch rolled back after its write went ahead of it otherwise. Bounded, and soft: the heap comes first.
     */
    private final Map<IncidentId, SoftReference<PendingRow>> lastWritten = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<IncidentId, SoftReference<PendingRow>> eldest) {
                    return size() > LAST_WRITTEN_KEPT;
                }
            });
    private static final int LAST_WRITTEN_KEPT = 256;

    /**
     * Rows a batch folded for the first time (a declaration with no row, an event after the row's version)
     * cannot be in the tables yet, so a large batch loads them with {@code COPY}: no {@code on conflict}, which
     * made PostgreSQL's insert about twice as costly, and nothing bound or planned per row (a rebuild writes
     * two rows per event). Under a savepoint: if one is there after all (another node, rows older than this
     * rule), the batch is written as {@link #writeIdempotently} writes it. Small batches (live folding) skip
     * the savepoint's two round trips.
     */
    static final int COPY_NEW_ROWS_FROM = 32;
    private final AtomicLong batchesWrittenAgain = new AtomicLong();

    public IncidentViewProjector(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = new JsonDocuments(json);
        this.documents = new JsonDocuments(json.copy().registerModule(new SimpleModule("incident-view-document").setSerializerModifier(
                new BeanSerializerModifier() {
                    @Override
                    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription bean,
                                                                     List<BeanPropertyWriter> properties) {
                        return bean.getBeanClass() != IncidentState.class ? properties : new ArrayList<>(properties.stream()
                                .filter(property -> !ENTRY_LISTS.containsKey(property.getName())).toList());
                    }
                })));
    }

    private static Map<String, Function<IncidentState, List<?>>> entryLists() {
        Map<String, Function<IncidentState, List<?>>> lists = new LinkedHashMap<>();
        lists.put("observedFailureModes", IncidentState::observedFailureModes);
        lists.put("severityHistory", IncidentState::severityHistory);
        lists.put("checklist", IncidentState::checklist);
        lists.put("containmentActions", IncidentState::containmentActions);
        lists.put("interventions", IncidentState::interventions);
        lists.put("verifications", IncidentState::verifications);
        lists.put("followUps", IncidentState::followUps);
        lists.put("decisions", IncidentState::decisions);
        lists.put("recurrenceOf", IncidentState::recurrenceOf);
        lists.put("rebinds", IncidentState::rebinds);
        lists.put("alerts", IncidentState::alerts);
        lists.put("killSwitches", IncidentState::killSwitches);
        return Collections.unmodifiableMap(lists);
    }

    @EventHandler
    void on(IncidentEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        Provenance provenance = new Provenance(actor, recordedAt);
        boolean inBatch = CurrentUnitOfWork.isStarted();
        PendingWrites pending = inBatch ? pendingWrites(CurrentUnitOfWork.get().root()) : new PendingWrites();
        PendingRow row = pending.rows.get(event.incidentId());
        if (row == null) {
            row = rowToFold(event.incidentId()).orElse(null);
            if (row != null) {
                pending.rows.put(event.incidentId(), row);
            }
        }
        boolean folded;
        if (event instanceof IncidentDeclared declared) {
            folded = row == null; // a redelivered declaration of a row already there changes nothing
            if (folded) {
                pending.rows.put(event.incidentId(), PendingRow.declared(IncidentState.declaredBy(declared, provenance, sequence)));
            }
        } else {
            folded = row != null && row.state.version() < sequence;
            if (folded) {
                row.state.apply(event, provenance, sequence);
                row.changed = true;
            }
        }
        // an event the row had not folded yet has no timeline row yet either: both are written together
        (folded ? pending.timeline : pending.timelineSeenBefore).add(new Object[]{event.incidentId().value(), sequence,
                java.sql.Timestamp.from(recordedAt), actor, event.getClass().getSimpleName(), json.write(event)});
        if (!inBatch) {
            write(pending);
        }
    }

    /**
     * The rows this batch of events changes, written once when the batch commits (in its
     * transaction, with the processor's token): an incident's fold is read and written as one JSON
     * document per batch, not per event, which is what makes a rebuild fast.
     */
    private PendingWrites pendingWrites(UnitOfWork<?> batch) {
        return batch.getOrComputeResource(pendingKey, key -> {
            PendingWrites pending = new PendingWrites();
            batch.onPrepareCommit(unitOfWork -> write(pending));
            return pending;
        });
    }

    private void write(PendingWrites pending) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> entriesAdded = new ArrayList<>();
        List<Object[]> entriesReplaced = new ArrayList<>();
        List<Object[]> entriesDropped = new ArrayList<>();
        pending.rows.forEach((incidentId, row) -> {
            IncidentState state = row.state;
            if (row.declared) {
                inserts.add(new Object[]{state.incidentId().value(), state.incidentClass().name(), state.scope().kind().pathSegment(),
                        state.scope().id(), state.severity().name(), state.status().name(),
                        java.sql.Timestamp.from(state.detectedAt()), state.version(), documents.write(state),
                        openItems(state), state.closureGaps().size()});
            } else if (row.changed) {
                updates.add(new Object[]{state.severity().name(), state.status().name(), state.version(), documents.write(state),
                        openItems(state), state.closureGaps().size(), state.incidentId().value()});
            }
            if (row.declared || row.changed) {
                row.changedEntries(entriesAdded, entriesReplaced, entriesDropped, json);
            }
        });
        Rows rows = new Rows(inserts, updates, entriesAdded, entriesReplaced, entriesDropped, pending.timeline,
                pending.timelineSeenBefore);
        if (pending.timeline.size() < COPY_NEW_ROWS_FROM || !writeAsNew(rows)) {
            writeIdempotently(rows);
        }
        pending.rows.forEach((incidentId, row) -> lastWritten.put(incidentId, new SoftReference<>(row.written())));
        pending.rows.clear();
        pending.timeline.clear();
        pending.timelineSeenBefore.clear();
    }

    /** Large batches that found a row they had taken for new, and were written again with {@code on conflict}. */
    long batchesWrittenAgain() {
        return batchesWrittenAgain.get();
    }

    private boolean writeAsNew(Rows rows) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return false; // no transaction to hold a savepoint: each statement would run on a connection of its own
        }
        Boolean written = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            Savepoint savepoint = connection.setSavepoint();
            try {
                CopyIn.rows(connection, "incident_view", ROW_COLUMNS, rows.inserts());
                batch(UPDATE_ROW, rows.updates());
                CopyIn.rows(connection, "incident_view_entry", ENTRY_COLUMNS, rows.entriesAdded());
                batch(UPSERT_ENTRY, rows.entriesReplaced());
                batch(DROP_ENTRIES, rows.entriesDropped());
                CopyIn.rows(connection, "incident_timeline", TIMELINE_COLUMNS, rows.timeline());
                batch(INSERT_TIMELINE + ON_CONFLICT_DO_NOTHING_TIMELINE, rows.timelineSeenBefore());
                connection.releaseSavepoint(savepoint);
                return true;
            } catch (SQLException failed) { // only a COPY can meet a row already there; the rest update, or insert on conflict
                if (!UNIQUE_VIOLATION.equals(failed.getSQLState())) {
                    throw failed;
                }
                connection.rollback(savepoint);
                batchesWrittenAgain.incrementAndGet();
                log.debug("a batch's rows were partly in the incident views already; written again with on conflict: {}",
                        failed.getMessage());
                return false;
            }
        });
        return Boolean.TRUE.equals(written);
    }

    /** Every row written so that one already there (a redelivered event) changes nothing or is replaced. */
    private void writeIdempotently(Rows rows) {
        batch(INSERT_ROW + " on conflict (incident_id) do nothing", rows.inserts());
        batch(UPDATE_ROW, rows.updates());
        List<Object[]> entries = new ArrayList<>(rows.entriesAdded());
        entries.addAll(rows.entriesReplaced());
        batch(UPSERT_ENTRY, entries);
        batch(DROP_ENTRIES, rows.entriesDropped());
        List<Object[]> timeline = new ArrayList<>(rows.timeline());
        timeline.addAll(rows.timelineSeenBefore());
        batch(INSERT_TIMELINE + ON_CONFLICT_DO_NOTHING_TIMELINE, timeline);
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    private record Rows(List<Object[]> inserts, List<Object[]> updates, List<Object[]> entriesAdded, List<Object[]> entriesReplaced,
                        List<Object[]> entriesDropped, List<Object[]> timeline, List<Object[]> timelineSeenBefore) {
    }

    private static final String ROW_COLUMNS = """
            incident_id, incident_class, scope_kind, scope_id, severity, status, detected_at, version, state, open_items,
            closure_gaps""";
    private static final String INSERT_ROW = "insert into incident_view (" + ROW_COLUMNS + ")"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)";
    private static final String UPDATE_ROW = """
            update incident_view set severity = ?, status = ?, version = ?, state = ?::jsonb, open_items = ?, closure_gaps = ?
            where incident_id = ?""";
    private static final String ENTRY_COLUMNS = "incident_id, list_name, entry_index, entry";
    private static final String INSERT_ENTRY = "insert into incident_view_entry (" + ENTRY_COLUMNS + ")"
            + " values (?, ?, ?, ?::jsonb)";
    private static final String UPSERT_ENTRY = INSERT_ENTRY
            + " on conflict (incident_id, list_name, entry_index) do update set entry = excluded.entry";
    private static final String DROP_ENTRIES = "delete from incident_view_entry where incident_id = ? and list_name = ? and entry_index >= ?";
    private static final String TIMELINE_COLUMNS = "incident_id, sequence_number, recorded_at, actor, event_type, event";
    private static final String INSERT_TIMELINE = "insert into incident_timeline (" + TIMELINE_COLUMNS + ")"
            + " values (?, ?, ?, ?, ?, ?::jsonb)";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** How long a reset's truncate waits for a reader's lock; the readers that come after wait behind it. */
    private static final String TRUNCATE_LOCK_WAIT = "250ms";
    private static final String ON_CONFLICT_DO_NOTHING_TIMELINE = " on conflict (incident_id, sequence_number) do nothing";

    /**
     * The incident's row for a batch to fold into: the one this projector wrote last if the row is still
     * at its version, else read from the table. Taken out of {@link #lastWritten} while the batch changes
     * it; the batch's write puts it back.
     */
    private Optional<PendingRow> rowToFold(IncidentId incidentId) {
        SoftReference<PendingRow> kept = lastWritten.remove(incidentId);
        PendingRow row = kept == null ? null : kept.get();
        if (row != null) {
            List<Long> stored = jdbc.queryForList("select version from incident_view where incident_id = ?", Long.class,
                    incidentId.value());
            if (stored.size() == 1 && stored.get(0) == row.state.version()) {
                return Optional.of(row);
            }
        }
        return loadState(incidentId).map(PendingRow::stored);
    }

    private static final class PendingWrites {
        final Map<IncidentId, PendingRow> rows = new LinkedHashMap<>();
        /** Events folded for the first time in this batch. */
        final List<Object[]> timeline = new ArrayList<>();
        /** Events the row had folded already (redelivered) or has no row for: their timeline row may be there. */
        final List<Object[]> timelineSeenBefore = new ArrayList<>();
    }

    /**
     * An incident's fold as this batch has left it, and each of its lists as its rows hold them (the
     * entries themselves, compared by identity); {@code declared}: its row is not in the table yet.
     */
    private static final class PendingRow {
        final IncidentState state;
        final Map<String, List<?>> storedLists;
        final boolean declared;
        boolean changed;

        private PendingRow(IncidentState state, Map<String, List<?>> storedLists, boolean declared) {
            this.state = state;
            this.storedLists = storedLists;
            this.declared = declared;
        }

        static PendingRow declared(IncidentState state) {
            return new PendingRow(state, Map.of(), true);
        }

        /** A row as stored: its lists are what its entry rows hold. */
        static PendingRow stored(IncidentState state) {
            Map<String, List<?>> lists = new HashMap<>();
            ENTRY_LISTS.forEach((name, list) -> lists.put(name, new ArrayList<>(list.apply(state))));
            return new PendingRow(state, lists, false);
        }

        /**
         * The same fold once written: stored, unchanged. The lists kept are brought up to the state's in
         * place rather than copied again: a copy per batch made every event on an incident of 40,000
         * containment actions allocate their 320 KB list anew (42% of the ledger's allocations under
         * commands on such an incident, each one's young collection a pause a command waits for).
         */
        @SuppressWarnings("unchecked")
        PendingRow written() {
            Map<String, List<?>> lists = storedLists instanceof HashMap ? storedLists : new HashMap<>();
            ENTRY_LISTS.forEach((name, list) -> {
                List<?> now = list.apply(state);
                List<Object> kept = (List<Object>) lists.computeIfAbsent(name, unused -> new ArrayList<>(now.size()));
                int common = Math.min(kept.size(), now.size());
                for (int i = 0; i < common; i++) {
                    if (kept.get(i) != now.get(i)) {
                        kept.set(i, now.get(i));
                    }
                }
                if (now.size() > common) {
                    kept.addAll(now.subList(common, now.size()));
                } else if (kept.size() > common) {
                    kept.subList(common, kept.size()).clear();
                }
            });
            return new PendingRow(state, lists, false);
        }

        /**
         * The entry rows to write (added past the stored list's end, or replacing a stored entry) and the lists
         * to cut short (never, as the fold only adds and replaces).
         */
        void changedEntries(List<Object[]> added, List<Object[]> replaced, List<Object[]> dropped, JsonDocuments json) {
            String incidentId = state.incidentId().value();
            ENTRY_LISTS.forEach((name, list) -> {
                List<?> now = list.apply(state);
                List<?> stored = storedLists.getOrDefault(name, List.of());
                for (int i = 0; i < now.size(); i++) {
                    if (i >= stored.size()) {
                        added.add(new Object[]{incidentId, name, i, json.write(now.get(i))});
                    } else if (now.get(i) != stored.get(i)) {
                        replaced.add(new Object[]{incidentId, name, i, json.write(now.get(i))});
                    }
                }
                if (now.size() < stored.size()) {
                    dropped.add(new Object[]{incidentId, name, now.size()});
                }
            });
        }
    }

    @ResetHandler
    void reset() {
        lastWritten.clear();
        if (!emptiedByTruncate()) {
            jdbc.update("delete from incident_timeline");
            jdbc.update("delete from incident_view_entry");
            jdbc.update("delete from incident_view");
        }
    }

    /**
     * A reset truncates the tables if it can: after a {@code delete}, the rebuild's inserts of the same keys
     * meet the deleted rows in the unique indexes until a vacuum (by hand, loading the 211,400 rows of a
     * 101,300-event rebuild took 1.6-1.7 s after a delete, 1.2-1.4 s after a truncate). Truncate's exclusive
     * lock is waited for briefly, as readers queue behind it; without the lock (a long reader, such as a view
     * check) or the privilege (a role set up otherwise), the rows are deleted instead. Only in a transaction,
     * which holds the savepoint.
     */
    private boolean emptiedByTruncate() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        Boolean truncated = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            Savepoint savepoint = connection.setSavepoint();
            try (Statement sql = connection.createStatement()) {
                String lockTimeout;
                try (ResultSet setting = sql.executeQuery("select current_setting('lock_timeout')")) {
                    setting.next();
                    lockTimeout = setting.getString(1);
                }
                sql.execute("set local lock_timeout = '" + TRUNCATE_LOCK_WAIT + "'");
                sql.execute("truncate " + String.join(", ", TRUNCATED_AT_RESET));
                try (PreparedStatement restore = connection.prepareStatement("select set_config('lock_timeout', ?, true)")) {
                    restore.setString(1, lockTimeout); // the rest of the transaction (the processor's tokens) waits as before
                    restore.execute();
                }
                connection.releaseSavepoint(savepoint);
                return true;
            } catch (SQLException failed) {
                if (!LOCK_NOT_AVAILABLE.equals(failed.getSQLState()) && !INSUFFICIENT_PRIVILEGE.equals(failed.getSQLState())) {
                    throw failed;
                }
                connection.rollback(savepoint);
                log.info("incident views emptied with delete, not truncate: {}", failed.getMessage());
                return false;
            }
        });
        return Boolean.TRUE.equals(truncated);
    }

    @QueryHandler
    Optional<IncidentView> handle(FindIncident query) {
        return loadState(query.incidentId()).map(IncidentView::of);
    }

    @QueryHandler
    Optional<EvidenceCompletenessView> handle(FindEvidenceCompleteness query) {
        return loadState(query.incidentId()).map(EvidenceCompletenessView::of);
    }

    @QueryHandler
    Optional<TimelineView> handle(FindIncidentTimeline query) {
        if (jdbc.queryForList("select 1 from incident_view where incident_id = ?", Integer.class,
                query.incidentId().value()).isEmpty()) {
            return Optional.empty();
        }
        List<TimelineView.Entry> entries = jdbc.query("""
                        select sequence_number, recorded_at, actor, event_type, event from incident_timeline
                        where incident_id = ? order by sequence_number""",
                (rs, row) -> new TimelineView.Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), json.tree(rs.getString(5))),
                query.incidentId().value());
        return Optional.of(new TimelineView(query.incidentId(), entries));
    }

    /**
     * The board from the rows' columns and their two counts; a row whose counts are still null (folded
     * before V282 and not yet counted by V283) is counted from its state. The detection time comes from the
     * document, as every other answer's does: the column holds it to the microsecond, the fold to the nanosecond.
     */
    @QueryHandler
    SeverityBoardView handle(ListSeverityBoard query) {
        List<BoardRow> open = jdbc.query("""
                        select v.incident_id, v.incident_class, v.scope_kind, v.scope_id, v.severity, v.state -> 'detectedAt',
                               v.open_items, v.closure_gaps,
                               case when v.open_items is null or v.closure_gaps is null then %s end
                        from incident_view v where v.status = 'OPEN' order by v.severity, v.detected_at, v.incident_id"""
                        .formatted(STATE),
                (rs, row) -> {
                    String uncounted = rs.getString(9);
                    IncidentState state = uncounted == null ? null : json.read(uncounted, IncidentState.class);
                    return new BoardRow(new Scope(ScopeKind.fromPathSegment(rs.getString(3)), rs.getString(4)),
                            new SeverityBoardView.IncidentRow(IncidentId.of(rs.getString(1)), IncidentClass.valueOf(rs.getString(2)),
                                    Severity.valueOf(rs.getString(5)), json.read(rs.getString(6), Instant.class),
                                    state == null ? rs.getInt(7) : openItems(state),
                                    state == null ? rs.getInt(8) : state.closureGaps().size()));
                });
        Map<Scope, List<SeverityBoardView.IncidentRow>> byScope = new LinkedHashMap<>();
        for (BoardRow row : open) {
            byScope.computeIfAbsent(row.scope(), scope -> new ArrayList<>()).add(row.incident());
        }
        // Rows arrive most severe first, so each scope's first incident carries its highest severity
        // and insertion order already ranks the scopes.
        List<SeverityBoardView.ScopeRow> scopes = byScope.entrySet().stream()
                .map(entry -> new SeverityBoardView.ScopeRow(entry.getKey(), entry.getValue().get(0).severity(),
                        List.copyOf(entry.getValue())))
                .toList();
        return new SeverityBoardView(scopes, open.size());
    }

    private record BoardRow(Scope scope, SeverityBoardView.IncidentRow incident) {
    }

    /** The checklist items neither completed nor waived: the board's first count. */
    static int openItems(IncidentState state) {
        return (int) state.checklist().stream().filter(entry -> entry.status() == IncidentState.ItemStatus.OPEN).count();
    }

    /**
     * Counts the board's two figures of every row whose counts are null: the rows folded before V282
     * gave them columns (V283, {@link IncidentViewBoardCountsMigration}). Returns how many rows it counted.
     */
    public static int countUncountedRows(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        JsonDocuments json = new JsonDocuments(objectMapper);
        int counted = 0;
        String after = "";
        while (true) {
            List<IncidentState> batch = jdbc.query("""
                            select %s from incident_view v
                            where (v.open_items is null or v.closure_gaps is null) and v.incident_id > ?
                            order by v.incident_id limit 500""".formatted(STATE),
                    (rs, row) -> json.read(rs.getString(1), IncidentState.class), after);
            if (batch.isEmpty()) {
                return counted;
            }
            jdbc.batchUpdate("update incident_view set open_items = ?, closure_gaps = ? where incident_id = ?",
                    batch.stream().map(state -> new Object[]{openItems(state), state.closureGaps().size(),
                            state.incidentId().value()}).toList());
            counted += batch.size();
            after = batch.get(batch.size() - 1).incidentId().value();
        }
    }

    @QueryHandler
    List<IncidentSummary> handle(ListIncidents query) {
        StringBuilder sql = new StringBuilder("""
                select incident_id, incident_class, scope_kind, scope_id, severity, status, detected_at, version
                from incident_view where 1 = 1""");
        List<Object> args = new ArrayList<>();
        if (query.status() != null) {
            sql.append(" and status = ?");
            args.add(query.status().name());
        }
        if (query.scope() != null) {
            sql.append(" and scope_kind = ? and scope_id = ?");
            args.add(query.scope().kind().pathSegment());
            args.add(query.scope().id());
        }
        sql.append(" order by detected_at desc, incident_id limit ?");
        args.add(query.limit());
        return jdbc.query(sql.toString(), (rs, row) -> new IncidentSummary(
                IncidentId.of(rs.getString(1)),
                IncidentClass.valueOf(rs.getString(2)),
                new Scope(ScopeKind.fromPathSegment(rs.getString(3)), rs.getString(4)),
                Severity.valueOf(rs.getString(5)), IncidentState.Status.valueOf(rs.getString(6)),
                rs.getTimestamp(7).toInstant(), rs.getLong(8)), args.toArray());
    }

    private Optional<IncidentState> loadState(IncidentId incidentId) {
        return jdbc.query("select " + STATE + " from incident_view v where v.incident_id = ?",
                (rs, row) -> json.read(rs.getString(1), IncidentState.class), incidentId.value()).stream().findFirst();
    }
}
