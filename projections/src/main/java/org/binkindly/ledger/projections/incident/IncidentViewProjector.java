package org.binkindly.ledger.projections.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds incident events into the incident detail, its timeline, its evidence completeness and the
 * severity board. Each row remembers the sequence number of the last event folded into it, so a
 * redelivered batch changes nothing.
 */
@ProcessingGroup(IncidentViewProjector.PROCESSING_GROUP)
public class IncidentViewProjector {

    public static final String PROCESSING_GROUP = "incident-views";

    private final JdbcTemplate jdbc;
    private final JsonDocuments json;

    public IncidentViewProjector(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = new JsonDocuments(json);
    }

    @EventHandler
    void on(IncidentEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        Provenance provenance = new Provenance(actor, recordedAt);
        if (event instanceof IncidentDeclared declared) {
            IncidentState state = IncidentState.declaredBy(declared, provenance, sequence);
            jdbc.update("""
                    insert into incident_view (incident_id, incident_class, scope_kind, scope_id, severity, status,
                                               detected_at, version, state)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                    on conflict (incident_id) do nothing""",
                    state.incidentId().value(), state.incidentClass().name(), state.scope().kind().pathSegment(),
                    state.scope().id(), state.severity().name(), state.status().name(),
                    java.sql.Timestamp.from(state.detectedAt()), sequence, json.write(state));
        } else {
            loadState(event.incidentId())
                    .filter(state -> state.version() < sequence)
                    .ifPresent(state -> {
                        state.apply(event, provenance, sequence);
                        jdbc.update("""
                                update incident_view set severity = ?, status = ?, version = ?, state = ?::jsonb
                                where incident_id = ?""",
                                state.severity().name(), state.status().name(), sequence, json.write(state),
                                state.incidentId().value());
                    });
        }
        jdbc.update("""
                insert into incident_timeline (incident_id, sequence_number, recorded_at, actor, event_type, event)
                values (?, ?, ?, ?, ?, ?::jsonb)
                on conflict (incident_id, sequence_number) do nothing""",
                event.incidentId().value(), sequence, java.sql.Timestamp.from(recordedAt), actor,
                event.getClass().getSimpleName(), json.write(event));
    }

    @ResetHandler
    void reset() {
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
