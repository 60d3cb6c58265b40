package org.binkindly.ledger.projections.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.core.shared.Severity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the metrics snapshot from the views and, through the event log, the processors' lag: a handful of small aggregate queries. */
public class LedgerMetricsQueries {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventLog eventLog;

    public LedgerMetricsQueries(JdbcTemplate jdbc, ObjectMapper json, EventLog eventLog) {
        this.jdbc = jdbc;
        this.json = json;
        this.eventLog = eventLog;
    }

    public MetricsSnapshot snapshot(Instant now) {
        Map<Severity, Map<IncidentClass, Long>> open = new EnumMap<>(Severity.class);
        Map<Severity, Map<EvidenceField, Long>> missing = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            Map<IncidentClass, Long> byClass = new EnumMap<>(IncidentClass.class);
            for (IncidentClass incidentClass : IncidentClass.values()) {
                byClass.put(incidentClass, 0L);
            }
            open.put(severity, byClass);
            Map<EvidenceField, Long> byField = new EnumMap<>(EvidenceField.class);
            for (EvidenceField field : EvidenceField.values()) {
                byField.put(field, 0L);
            }
            missing.put(severity, byField);
        }
        long[] closable = {0};
        jdbc.query("select state from incident_view where status = 'OPEN'", rs -> {
            IncidentState state = read(rs.getString(1));
            open.get(state.severity()).merge(state.incidentClass(), 1L, Long::sum);
            for (EvidenceField field : EvidenceField.values()) {
                if (!field.isPresentIn(state)) {
                    missing.get(state.severity()).merge(field, 1L, Long::sum);
                }
            }
            if (state.closureGaps().isEmpty()) {
                closable[0]++;
            }
        });
        Map<KillSwitchKind, Long> killSwitches = new EnumMap<>(KillSwitchKind.class);
        for (KillSwitchKind kind : KillSwitchKind.values()) {
            killSwitches.put(kind, 0L);
        }
        jdbc.query("select kind, count(*) from kill_switch_view where active and not drill group by kind",
                rs -> {
                    killSwitches.put(KillSwitchKind.valueOf(rs.getString(1)), rs.getLong(2));
                });
        Map<Boolean, Long> met = byDrill();
        Map<Boolean, Long> missed = byDrill();
        jdbc.query("""
                select drill, coalesce(restore_objective_met and integrity_objective_met, false), count(*)
                from rebind_view where phase = 'COMPLETED' group by 1, 2""", rs -> {
            (rs.getBoolean(2) ? met : missed).put(rs.getBoolean(1), rs.getLong(3));
        });
        Map<Boolean, Long> breached = byDrill();
        jdbc.query("select drill, count(*) from rebind_view where objective_breached group by drill", rs -> {
            breached.put(rs.getBoolean(1), rs.getLong(2));
        });
        Map<Boolean, Long> restore = new HashMap<>();
        Map<Boolean, Long> integrity = new HashMap<>();
        jdbc.query("""
                select distinct on (drill) drill, restore_seconds, integrity_seconds
                from rebind_view where phase = 'COMPLETED'
                order by drill, verified_at desc""", rs -> {
            restore.put(rs.getBoolean(1), rs.getLong(2));
            integrity.put(rs.getBoolean(1), rs.getLong(3));
        });
        List<MetricsSnapshot.PackFreshness> packs = new ArrayList<>();
        jdbc.query("select scope_kind, scope_id, published_at, threshold_seconds, stale_since is not null from pack_freshness_view",
                rs -> {
                    java.sql.Timestamp published = rs.getTimestamp(3);
                    packs.add(new MetricsSnapshot.PackFreshness(
                            Scope.of(ScopeKind.fromPathSegment(rs.getString(1)), rs.getString(2)),
                            published == null ? null : Duration.between(published.toInstant(), now).toSeconds(),
                            rs.getLong(4), rs.getBoolean(5)));
                });
        Long unmapped = jdbc.queryForObject("select count(*) from unmapped_alert_view", Long.class);
        Long lost = jdbc.queryForObject("select coalesce(sum(lost_alerts), 0) from lost_alerts_view", Long.class);
        Map<String, Long> lag = eventLog.processorLag();
        return new MetricsSnapshot(open, missing, closable[0], killSwitches, met, missed, breached, restore, integrity, packs,
                unmapped == null ? 0 : unmapped, lost == null ? 0 : lost, lag);
    }

    private static Map<Boolean, Long> byDrill() {
        Map<Boolean, Long> counts = new HashMap<>();
        counts.put(false, 0L);
        counts.put(true, 0L);
        return counts;
    }

    private IncidentState read(String text) {
        try {
            return json.readValue(text, IncidentState.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
