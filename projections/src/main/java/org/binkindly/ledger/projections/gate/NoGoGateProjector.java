package org.binkindly.ledger.projections.gate;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.incident.IncidentClass;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The facts the no-go rules read ({@link NoGoEvidence}), per scope, from the ledger's own events.
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

    private static final Set<IntakeResult> RECEIVED = EnumSet.of(IntakeResult.OPENED, IntakeResult.ATTACHED,
            IntakeResult.DUPLICATE, IntakeResult.DRILL);

    private final JdbcTemplate jdbc;

    public NoGoGateProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RebindStarted event) {
        if (event.drill()) {
            jdbc.update("""
                    insert into no_go_drill_rebind (rebind_id, scope_kind, scope_id) values (?, ?, ?)
                    on conflict (rebind_id) do nothing""",
                    event.rebindId().value(), event.scope().kind().pathSegment(), event.scope().id());
        }
    }

    /** A drill whose scope already served its target rehearses no rebind: it is no proof of one. */
    @EventHandler
    void on(ManifestProbed event) {
        if (event.active() != null && event.target() != null
                && event.active().manifestSha256().equalsIgnoreCase(event.target().manifestSha256())) {
            jdbc.update("delete from no_go_drill_rebind where rebind_id = ?", event.rebindId().value());
        }
    }

    @EventHandler
    void on(RebindCompleted event) {
        if (!event.restoreObjectiveMet() || !event.integrityObjectiveMet()) {
            return;
        }
        jdbc.query("select scope_kind, scope_id from no_go_drill_rebind where rebind_id = ?", rs -> {
            record(rs.getString(1), rs.getString(2), item(NoGoFact.Kind.ROLLBACK_DRILL, null),
                    "drill rebind %s restored the active manifest in %ds and confirmed integrity in %ds (objective 15 min / 30 min)"
                            .formatted(event.rebindId(), event.restoreSeconds(), event.integritySeconds()),
                    event.verifiedAt());
        }, event.rebindId().value());
    }

    @EventHandler
    void on(KillSwitchActivated event) {
        if (event.drill()) {
            record(event.scope(), item(NoGoFact.Kind.KILL_SWITCH_DRILL, event.kind().name()),
                    "%s kill switch %s drilled: %s".formatted(event.kind(), event.killSwitchId(), event.reason()),
                    event.activatedAt());
        }
    }

    @EventHandler
    void on(FreshnessWatchStarted event, @Timestamp Instant recordedAt) {
        record(event.freshnessId().scope(), item(NoGoFact.Kind.STALE_PACK_WATCH, null), "the stale-pack watch reads the scope's active manifest against a %s threshold"
                .formatted(Duration.ofSeconds(event.thresholdSeconds())), recordedAt);
    }

    @EventHandler
    void on(AlertDeliveryRecorded event, @Timestamp Instant recordedAt) {
        for (AlertOutcome outcome : event.outcomes()) {
            if (outcome.scope() == null || outcome.status() != AlertStatus.FIRING || !RECEIVED.contains(outcome.result())) {
                continue;
            }
            NoGoFact.Kind kind = outcome.incidentClass() == IncidentClass.STALE_PACK ? NoGoFact.Kind.STALE_PACK_ALERT
                    : outcome.incidentClass() == IncidentClass.PUBLISH_FAILURE ? NoGoFact.Kind.PUBLISH_FAILURE_ALERT : null;
            if (kind != null) {
                record(outcome.scope(), item(kind, null), "%s alert %s (fingerprint %s) received from %s: %s%s".formatted(
                        outcome.result() == IntakeResult.DRILL ? "drill" : "live", outcome.alertname(), outcome.fingerprint(),
                        event.receiver(), outcome.result(), outcome.incidentId() == null ? "" : " " + outcome.incidentId()),
                        recordedAt);
            }
        }
    }

    @EventHandler
    void on(LaunchDayValidated event, @Timestamp Instant recordedAt) {
        record(event.launchId().scope(), item(NoGoFact.Kind.LAUNCH_VALIDATED, event.launchId().appBuild()),
                "launch-day validation of build %s complete: evidence passed, product, engineering and QA signed off"
                        .formatted(event.launchId().appBuild()), recordedAt);
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
            return NoGoRules.concerns(incidentScope, scope) ? new NoGoFact(NoGoFact.Kind.OPEN_INCIDENT, rs.getString(5),
                    "%s %s incident %s open on %s, detected".formatted(rs.getString(5), rs.getString(4), rs.getString(1),
                            incidentScope), rs.getTimestamp(6).toInstant()) : null;
        }).stream().filter(Objects::nonNull).toList();
    }

    private static String item(NoGoFact.Kind kind, String subject) {
        return subject == null ? kind.name() : kind.name() + SUBJECT_SEPARATOR + subject;
    }

    private void record(Scope scope, String item, String detail, Instant at) {
        record(scope.kind().pathSegment(), scope.id(), item, detail, at);
    }

    private void record(String scopeKind, String scopeId, String item, String detail, Instant at) {
        jdbc.update("""
                insert into no_go_evidence (scope_kind, scope_id, item, detail, seen_at) values (?, ?, ?, ?, ?)
                on conflict (scope_kind, scope_id, item) do update set detail = excluded.detail, seen_at = excluded.seen_at
                where no_go_evidence.seen_at < excluded.seen_at""",
                scopeKind, scopeId, item, detail.length() > 4000 ? detail.substring(0, 4000) : detail, java.sql.Timestamp.from(at));
    }
}
