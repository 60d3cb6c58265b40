package org.binkindly.ledger.projections.posture;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchReleased;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each scope's posture, from the incidents, kill switches and rebinds that touch it. The rules are
 * {@link PostureSources}'; this projector loads a scope's sources, folds the event through them,
 * and stores the sources that changed, one row each, so a redelivered event only rewrites a row.
 */
@ProcessingGroup(ScopePostureProjector.PROCESSING_GROUP)
public class ScopePostureProjector {

    public static final String PROCESSING_GROUP = "scope-posture";

    private static final String COLUMNS = "source_id, source_type, scope_kind, scope_id, subtype, severity, open, drill, since, failed_at";

    private final JdbcTemplate jdbc;

    public ScopePostureProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(IncidentDeclared event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @EventHandler
    void on(SeverityChanged event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @EventHandler
    void on(IncidentClosed event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @EventHandler
    void on(KillSwitchActivated event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @EventHandler
    void on(KillSwitchReleased event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @EventHandler
    void on(RebindStarted event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @EventHandler
    void on(RebindFailed event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @EventHandler
    void on(RebindCompleted event, @Timestamp Instant recordedAt) {
        fold(event, recordedAt);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from posture_source");
    }

    @QueryHandler
    ScopePostureView handle(FindScopePosture query) {
        return PostureSources.posture(query.scope(), jdbc.query("select " + COLUMNS
                        + " from posture_source where scope_kind = ? and scope_id = ? and open",
                (rs, row) -> source(rs), query.scope().kind().pathSegment(), query.scope().id()));
    }

    @QueryHandler
    List<ScopePostureView> handle(ListScopePostures query) {
        Map<Scope, List<PostureSources.Source>> byScope = new LinkedHashMap<>();
        jdbc.query("select " + COLUMNS + " from posture_source where open order by scope_kind, scope_id", rs -> {
            PostureSources.Source source = source(rs);
            byScope.computeIfAbsent(source.scope(), scope -> new ArrayList<>()).add(source);
        });
        return byScope.entrySet().stream()
                .map(entry -> PostureSources.posture(entry.getKey(), entry.getValue()))
                .filter(view -> view.degraded() || view.graduationFrozen() || view.publishPaused())
                .toList();
    }

    /** Loads what the event can touch (its source, and the open sources of its scope), folds it, stores the changes. */
    private void fold(Object event, Instant recordedAt) {
        String sourceId = PostureSources.sourceIdOf(event);
        Optional<Scope> scope = PostureSources.scopeNamedBy(event).or(() -> scopeOf(sourceId));
        if (scope.isEmpty()) {
            return; // a change to a source this view never saw begin
        }
        List<PostureSources.Source> known = jdbc.query("select " + COLUMNS
                        + " from posture_source where (scope_kind = ? and scope_id = ? and open) or source_id = ?",
                (rs, row) -> source(rs), scope.get().kind().pathSegment(), scope.get().id(), sourceId);
        for (PostureSources.Source changed : new PostureSources(known).apply(event, recordedAt)) {
            jdbc.update("""
                    insert into posture_source (source_id, source_type, scope_kind, scope_id, subtype, severity, open, drill,
                                                since, failed_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (source_id) do update set subtype = excluded.subtype, severity = excluded.severity,
                        open = excluded.open, failed_at = excluded.failed_at""",
                    changed.sourceId(), changed.kind().name(), changed.scope().kind().pathSegment(), changed.scope().id(),
                    changed.subtype(), changed.severity(), changed.open(), changed.drill(), java.sql.Timestamp.from(changed.since()),
                    changed.failedAt() == null ? null : java.sql.Timestamp.from(changed.failedAt()));
        }
    }

    private Optional<Scope> scopeOf(String sourceId) {
        return jdbc.query("select scope_kind, scope_id from posture_source where source_id = ?",
                (rs, row) -> Scope.of(ScopeKind.fromPathSegment(rs.getString(1)), rs.getString(2)), sourceId).stream().findFirst();
    }

    private static PostureSources.Source source(ResultSet rs) throws SQLException {
        return new PostureSources.Source(rs.getString(1), PostureSources.Kind.valueOf(rs.getString(2)),
                Scope.of(ScopeKind.fromPathSegment(rs.getString(3)), rs.getString(4)), rs.getString(5), rs.getString(6),
                rs.getBoolean(7), rs.getBoolean(8), rs.getTimestamp(9).toInstant(),
                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant());
    }
}
