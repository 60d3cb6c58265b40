package org.binkindly.ledger.projections.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.binkindly.ledger.projections.support.JsonDocuments;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.ref.SoftReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds incident events into the incident detail, its timeline, its evidence completeness and the
 * severity board. Each row remembers the sequence number of the last event folded into it, so a
 * redelivered batch changes nothing. Within a batch of the processor the writes are gathered and
 * made once at its commit.
 */
@ProcessingGroup(IncidentViewProjector.PROCESSING_GROUP)
public class IncidentViewProjector {

    public static final String PROCESSING_GROUP = "incident-views";

    private final JdbcTemplate jdbc;
    private final JsonDocuments json;
    /** This projector's pending writes in a batch's unit of work (one key per instance). */
    private final String pendingKey = IncidentViewProjector.class.getName() + "@" + System.identityHashCode(this);
    /**
     * The states this projector last wrote, by incident, so the next batch on an incident need not read
     * and parse its document again (for an incident of 10,000 actions, 1.6 MB, two thirds of the
     * processor's time). One is used only if its row still holds its version: another node, a rebuild or
     * a batch rolled back after its write went ahead of it otherwise. Bounded, and soft: the heap comes first.
     */
    private final Map<IncidentId, SoftReference<IncidentState>> lastWritten = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<IncidentId, SoftReference<IncidentState>> eldest) {
                    return size() > LAST_WRITTEN_KEPT;
                }
            });
    private static final int LAST_WRITTEN_KEPT = 256;

    public IncidentViewProjector(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = new JsonDocuments(json);
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
            row = stateToFold(event.incidentId()).map(state -> new PendingRow(state, false)).orElse(null);
            if (row != null) {
                pending.rows.put(event.incidentId(), row);
            }
        }
        if (event instanceof IncidentDeclared declared) {
            if (row == null) { // a redelivered declaration of a row already there changes nothing
                pending.rows.put(event.incidentId(), new PendingRow(IncidentState.declaredBy(declared, provenance, sequence), true));
            }
        } else if (row != null && row.state.version() < sequence) {
            row.state.apply(event, provenance, sequence);
            row.changed = true;
        }
        pending.timeline.add(new Object[]{event.incidentId().value(), sequence, java.sql.Timestamp.from(recordedAt), actor,
                event.getClass().getSimpleName(), json.write(event)});
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
        pending.rows.forEach((incidentId, row) -> {
            IncidentState state = row.state;
            if (row.declared) {
                inserts.add(new Object[]{state.incidentId().value(), state.incidentClass().name(), state.scope().kind().pathSegment(),
                        state.scope().id(), state.severity().name(), state.status().name(),
                        java.sql.Timestamp.from(state.detectedAt()), state.version(), json.write(state)});
            } else if (row.changed) {
                updates.add(new Object[]{state.severity().name(), state.status().name(), state.version(), json.write(state),
                        state.incidentId().value()});
            }
        });
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into incident_view (incident_id, incident_class, scope_kind, scope_id, severity, status,
                                               detected_at, version, state)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                    on conflict (incident_id) do nothing""", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("update incident_view set severity = ?, status = ?, version = ?, state = ?::jsonb where incident_id = ?",
                    updates);
        }
        if (!pending.timeline.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into incident_timeline (incident_id, sequence_number, recorded_at, actor, event_type, event)
                    values (?, ?, ?, ?, ?, ?::jsonb)
                    on conflict (incident_id, sequence_number) do nothing""", pending.timeline);
        }
        pending.rows.forEach((incidentId, row) -> lastWritten.put(incidentId, new SoftReference<>(row.state)));
        pending.rows.clear();
        pending.timeline.clear();
    }

    /**
     * The incident's state as its row holds it, for a batch to fold into: the one this projector wrote last
     * if the row is still at its version, else read from the row. Taken out of {@link #lastWritten} while the
     * batch changes it; the batch's write puts it back.
     */
    private Optional<IncidentState> stateToFold(IncidentId incidentId) {
        SoftReference<IncidentState> kept = lastWritten.remove(incidentId);
        IncidentState state = kept == null ? null : kept.get();
        if (state != null) {
            List<Long> stored = jdbc.queryForList("select version from incident_view where incident_id = ?", Long.class,
                    incidentId.value());
            if (stored.size() == 1 && stored.get(0) == state.version()) {
                return Optional.of(state);
            }
        }
        return loadState(incidentId);
    }

    private static final class PendingWrites {
        final Map<IncidentId, PendingRow> rows = new LinkedHashMap<>();
        final List<Object[]> timeline = new ArrayList<>();
    }

    /** An incident's fold as this batch has left it; {@code declared}: its row is not in the table yet. */
    private static final class PendingRow {
        final IncidentState state;
        final boolean declared;
        boolean changed;

        PendingRow(IncidentState state, boolean declared) {
            this.state = state;
            this.declared = declared;
        }
    }

    @ResetHandler
    void reset() {
        lastWritten.clear();
        jdbc.update("delete from incident_timeline");
        jdbc.update("delete from incident_view");
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
        if (loadState(query.incidentId()).isEmpty()) {
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

    @QueryHandler
    SeverityBoardView handle(ListSeverityBoard query) {
        List<IncidentState> open = jdbc.query(
                "select state from incident_view where status = 'OPEN' order by severity, detected_at, incident_id",
                (rs, row) -> json.read(rs.getString(1), IncidentState.class));
        Map<Scope, List<SeverityBoardView.IncidentRow>> byScope = new LinkedHashMap<>();
        for (IncidentState state : open) {
            int openItems = (int) state.checklist().stream()
                    .filter(entry -> entry.status() == IncidentState.ItemStatus.OPEN).count();
            byScope.computeIfAbsent(state.scope(), scope -> new ArrayList<>())
                    .add(new SeverityBoardView.IncidentRow(state.incidentId(), state.incidentClass(), state.severity(),
                            state.detectedAt(), openItems, state.closureGaps().size()));
        }
        // Rows arrive most severe first, so each scope's first incident carries its highest severity
        // and insertion order already ranks the scopes.
        List<SeverityBoardView.ScopeRow> scopes = byScope.entrySet().stream()
                .map(entry -> new SeverityBoardView.ScopeRow(entry.getKey(), entry.getValue().get(0).severity(),
                        List.copyOf(entry.getValue())))
                .toList();
        return new SeverityBoardView(scopes, open.size());
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
        return jdbc.query("select state from incident_view where incident_id = ?",
                (rs, row) -> json.read(rs.getString(1), IncidentState.class), incidentId.value()).stream().findFirst();
    }
}
