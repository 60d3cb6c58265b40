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
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the metrics snapshot from the views and, through the event log, the processors' lag: a handful of small aggregate queries. */
public class LedgerMetricsQueries {

    /** Open incidents whose documents are read again in one query. */
    private static final int READ_BATCH = 500;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventLog eventLog;
    /** The last refresh's open incidents by id; guarded by this. */
    private final Map<String, OpenIncident> openIncidents = new HashMap<>();

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
        long closable = 0;
        for (OpenIncident incident : openIncidents()) {
            open.get(incident.severity()).merge(incident.incidentClass(), 1L, Long::sum);
            for (EvidenceField field : incident.missingEvidence()) {
                missing.get(incident.severity()).merge(field, 1L, Long::sum);
            }
            if (incident.closable()) {
                closable++;
            }
        }
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
        return new MetricsSnapshot(open, missing, closable, killSwitches, met, missed, breached, restore, integrity, packs,
                unmapped == null ? 0 : unmapped, lost == null ? 0 : lost, lag);
    }

    /**
     * Every open incident's summary. A summary follows from the incident's state, which follows from
     * its version, so only incidents whose version changed since the last refresh are read and parsed
     * again: parsing every open incident's document took 2 s of CPU per refresh with 2,000 open
     * incidents, and grew with them.
     */
    private synchronized Collection<OpenIncident> openIncidents() {
        Map<String, Long> versions = new HashMap<>();
        jdbc.query("select incident_id, version from incident_view where status = 'OPEN'",
                rs -> {
                    versions.put(rs.getString(1), rs.getLong(2));
                });
        openIncidents.keySet().retainAll(versions.keySet());
        List<String> changed = versions.entrySet().stream()
                .filter(entry -> {
                    OpenIncident known = openIncidents.get(entry.getKey());
                    return known == null || known.version() != entry.getValue();
                })
                .map(Map.Entry::getKey).toList();
        // read again below; one closed between the two reads is then left out, as it is no longer open
        changed.forEach(openIncidents::remove);
        for (int from = 0; from < changed.size(); from += READ_BATCH) {
            String[] ids = changed.subList(from, Math.min(changed.size(), from + READ_BATCH)).toArray(String[]::new);
            jdbc.query("select v.incident_id, v.version, " + IncidentViewProjector.STATE
                            + " from incident_view v where v.status = 'OPEN' and v.incident_id = any(?)",
                    rs -> {
                        openIncidents.put(rs.getString(1), OpenIncident.of(rs.getLong(2), read(rs.getString(3))));
                    }, (Object) ids);
        }
        return List.copyOf(openIncidents.values());
    }

    /** What the metrics need of one open incident, as of its version. */
    private record OpenIncident(long version, Severity severity, IncidentClass incidentClass,
                                Set<EvidenceField> missingEvidence, boolean closable) {

        static OpenIncident of(long version, IncidentState state) {
            Set<EvidenceField> missing = EnumSet.noneOf(EvidenceField.class);
            for (EvidenceField field : EvidenceField.values()) {
                if (!field.isPresentIn(state)) {
                    missing.add(field);
                }
            }
            return new OpenIncident(version, state.severity(), state.incidentClass(), missing,
                    state.closureGaps().isEmpty());
        }
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
