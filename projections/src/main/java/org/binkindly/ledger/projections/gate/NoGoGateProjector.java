package org.binkindly.ledger.projections.gate;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.launch.LaunchDayValidated;
import org.binkindly.ledger.core.launch.NoGoEvidence;
import org.binkindly.ledger.core.launch.NoGoFact;
import org.binkindly.ledger.core.launch.NoGoRules;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.shared.Scope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The facts the no-go rules read ({@link NoGoEvidence}), per scope, from the ledger's own events, as
 * {@link NoGoGateFacts} makes them (time travel folds the same facts in memory).
 * Handlers keep the latest fact of each kind per scope (an upsert that only moves forward in time,
 * so a redelivered event changes nothing). The rules themselves are the domain's ({@code NoGoRules}),
 * judged when a launch or expansion completes or the gate is read, as of that moment.
 * A drill whose scope already served its target proves no rebind, so it is not recorded as proof.
 * Open incidents are kept with their current severity, so the halt on expansion can name them.
 */
@ProcessingGroup(NoGoGateProjector.PROCESSING_GROUP)
public class NoGoGateProjector implements NoGoEvidence {

    public static final String PROCESSING_GROUP = "no-go-gate";

    /** Separates a fact's kind from its subject in the item column: {@code KILL_SWITCH_DRILL:AI_LANE}. */
    private static final String SUBJECT_SEPARATOR = ":";

    private final JdbcTemplate jdbc;

    public NoGoGateProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RebindStarted event) {
        if (NoGoGateFacts.mayProveRollback(event)) {
            jdbc.update("""
                    insert into no_go_drill_rebind (rebind_id, scope_kind, scope_id) values (?, ?, ?)
                    on conflict (rebind_id) do nothing""",
                    event.rebindId().value(), event.scope().kind().pathSegment(), event.scope().id());
        }
    }

    @EventHandler
    void on(ManifestProbed event) {
        if (NoGoGateFacts.provesNoRebind(event)) {
            jdbc.update("delete from no_go_drill_rebind where rebind_id = ?", event.rebindId().value());
        }
    }

    @EventHandler
    void on(RebindCompleted event) {
        NoGoGateFacts.rollbackDrill(event).ifPresent(fact -> jdbc.query(
                "select scope_kind, scope_id from no_go_drill_rebind where rebind_id = ?",
                rs -> {
                    record(rs.getString(1), rs.getString(2), fact);
                }, event.rebindId().value()));
    }

    @EventHandler
    void on(KillSwitchActivated event) {
        NoGoGateFacts.killSwitchDrill(event).ifPresent(this::record);
    }

    @EventHandler
    void on(FreshnessWatchStarted event, @Timestamp Instant recordedAt) {
        record(NoGoGateFacts.stalePackWatch(event, recordedAt));
    }

    @EventHandler
    void on(AlertDeliveryRecorded event, @Timestamp Instant recordedAt) {
        NoGoGateFacts.alerts(event, recordedAt).forEach(this::record);
    }

    @EventHandler
    void on(LaunchDayValidated event, @Timestamp Instant recordedAt) {
        record(NoGoGateFacts.launchValidated(event, recordedAt));
    }

    @EventHandler
    void on(IncidentDeclared event) {
        jdbc.update("""
                insert into no_go_open_incident (incident_id, scope_kind, scope_id, incident_class, severity, detected_at)
                values (?, ?, ?, ?, ?, ?) on conflict (incident_id) do nothing""",
                event.incidentId().value(), event.scope().kind().pathSegment(), event.scope().id(),
                event.incidentClass().name(), event.severity().name(), java.sql.Timestamp.from(event.detectedAt()));
    }

    @EventHandler
    void on(SeverityChanged event) {
        jdbc.update("update no_go_open_incident set severity = ? where incident_id = ?", event.to().name(),
                event.incidentId().value());
    }

    @EventHandler
    void on(IncidentClosed event) {
        jdbc.update("delete from no_go_open_incident where incident_id = ?", event.incidentId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from no_go_open_incident");
        jdbc.update("delete from no_go_evidence");
        jdbc.update("delete from no_go_drill_rebind");
    }

    @Override
    public List<NoGoFact> factsFor(Scope scope) {
        List<NoGoFact> facts = new ArrayList<>(jdbc.query(
                "select item, detail, seen_at from no_go_evidence where scope_kind = ? and scope_id = ? order by seen_at desc",
                (rs, row) -> {
                    String item = rs.getString(1);
                    int separator = item.indexOf(SUBJECT_SEPARATOR);
                    NoGoFact.Kind kind = NoGoFact.Kind.valueOf(separator < 0 ? item : item.substring(0, separator));
                    return new NoGoFact(kind, separator < 0 ? null : item.substring(separator + 1), rs.getString(2),
                            rs.getTimestamp(3).toInstant());
                }, scope.kind().pathSegment(), scope.id()));
        facts.addAll(openIncidentsConcerning(scope));
        return facts;
    }

    /** The incidents open on the scope, on one enclosing it, or on a pipeline: few at any time, so read whole and filtered here. */
    private List<NoGoFact> openIncidentsConcerning(Scope scope) {
        return jdbc.query("""
                select incident_id, scope_kind, scope_id, incident_class, severity, detected_at from no_go_open_incident
                order by detected_at""", (rs, row) -> {
            Scope incidentScope = Scope.parse(rs.getString(2) + "/" + rs.getString(3));
            return NoGoRules.concerns(incidentScope, scope) ? NoGoGateFacts.openIncident(rs.getString(1), incidentScope,
                    rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()) : null;
        }).stream().filter(Objects::nonNull).toList();
    }

    private static String item(NoGoFact.Kind kind, String subject) {
        return subject == null ? kind.name() : kind.name() + SUBJECT_SEPARATOR + subject;
    }

    private void record(NoGoGateFacts.Seen seen) {
        record(seen.scope().kind().pathSegment(), seen.scope().id(), seen.fact());
    }

    private void record(String scopeKind, String scopeId, NoGoFact fact) {
        jdbc.update("""
                insert into no_go_evidence (scope_kind, scope_id, item, detail, seen_at) values (?, ?, ?, ?, ?)
                on conflict (scope_kind, scope_id, item) do update set detail = excluded.detail, seen_at = excluded.seen_at
                where no_go_evidence.seen_at < excluded.seen_at""",
                scopeKind, scopeId, item(fact.kind(), fact.subject()), fact.detail(), java.sql.Timestamp.from(fact.seenAt()));
    }
}
