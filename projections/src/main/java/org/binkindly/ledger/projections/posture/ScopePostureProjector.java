package org.binkindly.ledger.projections.posture;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.KillSwitchReleased;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each scope's posture, from the incidents, kill switches and rebinds that touch it:
 * <ul>
 * <li>degraded: an open SEV1, or an open stale-pack, source-outage, fallback-spike, bad-publish or
 *     resolver-health incident (the runbook's "treated as degraded operationally");</li>
 * <li>graduation frozen: an active kill switch, or an open AI-lane or fallback-spike incident;</li>
 * <li>publish paused: an active bad-pack kill switch, an open bad-publish incident, or a rebind that
 *     has not completed (in progress, or failed and not yet followed by a completed one).</li>
 * </ul>
 * The rules read rows the handlers keep per source, so a redelivered event only rewrites a row.
 */
@ProcessingGroup(ScopePostureProjector.PROCESSING_GROUP)
public class ScopePostureProjector {

    public static final String PROCESSING_GROUP = "scope-posture";

    private static final Set<IncidentClass> DEGRADING = EnumSet.of(IncidentClass.STALE_PACK, IncidentClass.SOURCE_OUTAGE,
            IncidentClass.FALLBACK_SPIKE, IncidentClass.BAD_PUBLISH, IncidentClass.RESOLVER_HEALTH);
    private static final Set<IncidentClass> FREEZING = EnumSet.of(IncidentClass.AI_LANE_INSTABILITY, IncidentClass.FALLBACK_SPIKE);

    private final JdbcTemplate jdbc;

    public ScopePostureProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(IncidentDeclared event) {
        insert(event.incidentId().value(), "INCIDENT", event.scope(), event.incidentClass().name(),
                event.severity().name(), false, event.detectedAt());
    }

    @EventHandler
    void on(SeverityChanged event) {
        jdbc.update("update posture_source set severity = ? where source_id = ?", event.to().name(), event.incidentId().value());
    }

    @EventHandler
    void on(IncidentClosed event) {
        close(event.incidentId().value());
    }

    @EventHandler
    void on(KillSwitchActivated event) {
        insert(event.killSwitchId().value(), "KILL_SWITCH", event.scope(), event.kind().name(), null, event.drill(),
                event.activatedAt());
    }

    @EventHandler
    void on(KillSwitchReleased event) {
        close(event.killSwitchId().value());
    }

    @EventHandler
    void on(RebindStarted event) {
        insert(event.rebindId().value(), "REBIND", event.scope(), "IN_PROGRESS", null, event.drill(),
                event.badPublishConfirmedAt());
    }

    @EventHandler
    void on(RebindFailed event, @Timestamp Instant failedAt) {
        jdbc.update("update posture_source set subtype = 'FAILED', failed_at = ? where source_id = ?",
                java.sql.Timestamp.from(failedAt), event.rebindId().value());
    }

    @EventHandler
    void on(RebindCompleted event, @Timestamp Instant completedAt) {
        String id = event.rebindId().value();
        jdbc.update("update posture_source set subtype = 'COMPLETED', open = false where source_id = ?", id);
        // A completed rebind restores last-known-good safety, settling the scope's failures that came
        // before it; one that failed later (even if this completion is delivered again) still stands.
        jdbc.update("""
                update posture_source set open = false
                where source_type = 'REBIND' and subtype = 'FAILED' and failed_at <= ?
                  and drill = (select drill from posture_source where source_id = ?)
                  and (scope_kind, scope_id) = (select scope_kind, scope_id from posture_source where source_id = ?)""",
                java.sql.Timestamp.from(completedAt), id, id);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from posture_source");
    }

    @QueryHandler
    ScopePostureView handle(FindScopePosture query) {
        return posture(query.scope(), jdbc.query("""
                        select source_type, source_id, subtype, severity, drill from posture_source
                        where scope_kind = ? and scope_id = ? and open order by since, source_id""",
                (rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                query.scope().kind().pathSegment(), query.scope().id()));
    }

    @QueryHandler
    List<ScopePostureView> handle(ListScopePostures query) {
        Map<Scope, List<Row>> byScope = new LinkedHashMap<>();
        jdbc.query("""
                select scope_kind, scope_id, source_type, source_id, subtype, severity, drill from posture_source
                where open order by scope_kind, scope_id, since, source_id""", rs -> {
            byScope.computeIfAbsent(Scope.of(ScopeKind.fromPathSegment(rs.getString(1)), rs.getString(2)), scope -> new ArrayList<>())
                    .add(new Row(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)));
        });
        return byScope.entrySet().stream()
                .map(entry -> posture(entry.getKey(), entry.getValue()))
                .filter(view -> view.degraded() || view.graduationFrozen() || view.publishPaused())
                .toList();
    }

    private record Row(String sourceType, String sourceId, String subtype, String severity, boolean drill) {
    }

    private static ScopePostureView posture(Scope scope, List<Row> rows) {
        List<ScopePostureView.Reason> reasons = new ArrayList<>();
        List<ScopePostureView.Reason> drills = new ArrayList<>();
        EnumSet<ScopePostureView.Flag> raised = EnumSet.noneOf(ScopePostureView.Flag.class);
        for (Row row : rows) {
            List<ScopePostureView.Flag> flags = flagsOf(row);
            ScopePostureView.Reason reason = new ScopePostureView.Reason(row.sourceType(), row.sourceId(), row.subtype(),
                    row.severity(), flags);
            if (row.drill()) {
                drills.add(reason);
            } else if (!flags.isEmpty()) {
                reasons.add(reason);
                raised.addAll(flags);
            }
        }
        boolean paused = raised.contains(ScopePostureView.Flag.PUBLISH_PAUSED);
        return new ScopePostureView(scope, raised.contains(ScopePostureView.Flag.DEGRADED),
                raised.contains(ScopePostureView.Flag.GRADUATION_FROZEN), paused, reasons, drills,
                paused ? ScopePostureView.PUBLISH_PAUSED_WORDING : null);
    }

    private static List<ScopePostureView.Flag> flagsOf(Row row) {
        List<ScopePostureView.Flag> flags = new ArrayList<>();
        switch (row.sourceType()) {
            case "INCIDENT" -> {
                IncidentClass incidentClass = IncidentClass.valueOf(row.subtype());
                if ("SEV1".equals(row.severity()) || DEGRADING.contains(incidentClass)) {
                    flags.add(ScopePostureView.Flag.DEGRADED);
                }
                if (FREEZING.contains(incidentClass)) {
                    flags.add(ScopePostureView.Flag.GRADUATION_FROZEN);
                }
                if (incidentClass == IncidentClass.BAD_PUBLISH) {
                    flags.add(ScopePostureView.Flag.PUBLISH_PAUSED);
                }
            }
            case "KILL_SWITCH" -> {
                flags.add(ScopePostureView.Flag.GRADUATION_FROZEN);
                if (KillSwitchKind.valueOf(row.subtype()) == KillSwitchKind.BAD_PACK) {
                    flags.add(ScopePostureView.Flag.PUBLISH_PAUSED);
                }
            }
            case "REBIND" -> flags.add(ScopePostureView.Flag.PUBLISH_PAUSED);
            default -> throw new IllegalStateException("unknown posture source " + row.sourceType());
        }
        return flags;
    }

    private void insert(String id, String type, Scope scope, String subtype, String severity, boolean drill, Instant since) {
        jdbc.update("""
                insert into posture_source (source_id, source_type, scope_kind, scope_id, subtype, severity, open, drill, since)
                values (?, ?, ?, ?, ?, ?, true, ?, ?) on conflict (source_id) do nothing""",
                id, type, scope.kind().pathSegment(), scope.id(), subtype, severity, drill, java.sql.Timestamp.from(since));
    }

    private void close(String id) {
        jdbc.update("update posture_source set open = false where source_id = ?", id);
    }
}
