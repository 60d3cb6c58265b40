package org.binkindly.ledger.projections.gate;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.launch.LaunchDayValidated;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.launch.NoGoRule;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.shared.Scope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runbook's no-go rules, per scope, from the ledger's own events. Handlers keep the latest
 * piece of evidence of each kind per scope (an upsert that only moves forward in time, so a
 * redelivered event changes nothing); the rules are judged when asked, as of that moment, so a
 * drill ages out of its recency without any event.
 * <ol>
 * <li>rollback objective proven: a drill rebind of the scope completed with both objective flags met, within the recency,
 * that actually changed the active manifest (a drill whose scope already served its target proves nothing);</li>
 * <li>kill switches defined and drilled: a drill activation of each kind for the scope;</li>
 * <li>stale-pack alerting present: the watch covers the scope, and a stale-pack alert for it came through intake;</li>
 * <li>publish failures routed: a publish-blocked alert for the scope came through intake;</li>
 * <li>validated in production: a completed launch-day validation of the scope (of the build, for a launch).</li>
 * </ol>
 */
@ProcessingGroup(NoGoGateProjector.PROCESSING_GROUP)
public class NoGoGateProjector {

    public static final String PROCESSING_GROUP = "no-go-gate";

    static final String ROLLBACK_DRILL = "ROLLBACK_DRILL";
    static final String KILL_SWITCH_DRILL = "KILL_SWITCH_DRILL:";
    static final String STALE_PACK_WATCH = "STALE_PACK_WATCH";
    static final String STALE_PACK_ALERT = "STALE_PACK_ALERT";
    static final String PUBLISH_FAILURE_ALERT = "PUBLISH_FAILURE_ALERT";
    static final String LAUNCH_VALIDATED = "LAUNCH_VALIDATED:";

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
            record(rs.getString(1), rs.getString(2), ROLLBACK_DRILL,
                    "drill rebind %s restored the active manifest in %ds and confirmed integrity in %ds (objective 15 min / 30 min)"
                            .formatted(event.rebindId(), event.restoreSeconds(), event.integritySeconds()),
                    event.verifiedAt());
        }, event.rebindId().value());
    }

    @EventHandler
    void on(KillSwitchActivated event) {
        if (event.drill()) {
            record(event.scope(), KILL_SWITCH_DRILL + event.kind().name(),
                    "%s kill switch %s drilled: %s".formatted(event.kind(), event.killSwitchId(), event.reason()),
                    event.activatedAt());
        }
    }

    @EventHandler
    void on(FreshnessWatchStarted event, @Timestamp Instant recordedAt) {
        record(event.freshnessId().scope(), STALE_PACK_WATCH, "the stale-pack watch reads the scope's active manifest against a %s threshold"
                .formatted(Duration.ofSeconds(event.thresholdSeconds())), recordedAt);
    }

    @EventHandler
    void on(AlertDeliveryRecorded event, @Timestamp Instant recordedAt) {
        for (AlertOutcome outcome : event.outcomes()) {
            if (outcome.scope() == null || outcome.status() != AlertStatus.FIRING || !RECEIVED.contains(outcome.result())) {
                continue;
            }
            String item = outcome.incidentClass() == IncidentClass.STALE_PACK ? STALE_PACK_ALERT
                    : outcome.incidentClass() == IncidentClass.PUBLISH_FAILURE ? PUBLISH_FAILURE_ALERT : null;
            if (item != null) {
                record(outcome.scope(), item, "%s alert %s (fingerprint %s) received from %s: %s%s".formatted(
                        outcome.result() == IntakeResult.DRILL ? "drill" : "live", outcome.alertname(), outcome.fingerprint(),
                        event.receiver(), outcome.result(), outcome.incidentId() == null ? "" : " " + outcome.incidentId()),
                        recordedAt);
            }
        }
    }

    @EventHandler
    void on(LaunchDayValidated event, @Timestamp Instant recordedAt) {
        record(event.launchId().scope(), LAUNCH_VALIDATED + event.launchId().appBuild(),
                "launch-day validation of build %s complete: evidence passed, product, engineering and QA signed off"
                        .formatted(event.launchId().appBuild()), recordedAt);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from no_go_evidence");
        jdbc.update("delete from no_go_drill_rebind");
    }

    @QueryHandler
    NoGoGateView handle(EvaluateNoGoGate query) {
        Map<String, Seen> seen = new LinkedHashMap<>();
        jdbc.query("select item, detail, seen_at from no_go_evidence where scope_kind = ? and scope_id = ? order by seen_at desc",
                rs -> {
                    seen.put(rs.getString(1), new Seen(rs.getString(2), rs.getTimestamp(3).toInstant()));
                }, query.scope().kind().pathSegment(), query.scope().id());
        List<NoGoFinding> findings = List.of(
                rollback(seen, query),
                killSwitches(seen),
                stalePackAlerting(seen),
                publishFailuresRouted(seen),
                validated(seen, query.appBuild()));
        List<NoGoRule> blocking = findings.stream().filter(finding -> !finding.passed()).map(NoGoFinding::rule).toList();
        return new NoGoGateView(query.scope(), query.appBuild(), query.asOf(), blocking.isEmpty(), blocking, findings);
    }

    private record Seen(String detail, Instant at) {

        String evidence() {
            return detail + " (" + at + ")";
        }
    }

    private static NoGoFinding rollback(Map<String, Seen> seen, EvaluateNoGoGate query) {
        Seen drill = seen.get(ROLLBACK_DRILL);
        Instant oldestCounted = query.asOf().minus(query.drillRecency());
        if (drill != null && !drill.at().isBefore(oldestCounted)) {
            return new NoGoFinding(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN, true, List.of(drill.evidence()), List.of());
        }
        String missing = "a drill rebind of %s that met both rollback objectives since %s (recency %s)"
                .formatted(query.scope(), oldestCounted, query.drillRecency());
        return new NoGoFinding(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN, false,
                drill == null ? List.of() : List.of("too old: " + drill.evidence()), List.of(missing));
    }

    private static NoGoFinding killSwitches(Map<String, Seen> seen) {
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (KillSwitchKind kind : KillSwitchKind.values()) {
            Seen drill = seen.get(KILL_SWITCH_DRILL + kind.name());
            if (drill == null) {
                missing.add("a drill activation of the %s kill switch for the scope".formatted(kind));
            } else {
                evidence.add(drill.evidence());
            }
        }
        return new NoGoFinding(NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED, missing.isEmpty(), evidence, missing);
    }

    private static NoGoFinding stalePackAlerting(Map<String, Seen> seen) {
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        present(seen.get(STALE_PACK_WATCH), evidence, missing,
                "the scope among the stale-pack watch's supported scopes (ledger.stale-pack.scopes)");
        present(seen.get(STALE_PACK_ALERT), evidence, missing,
                "a StalePack alert for the scope received through alert intake (a breach, or a drill alert labelled drill=\"true\")");
        return new NoGoFinding(NoGoRule.STALE_PACK_ALERTING_PRESENT, missing.isEmpty(), evidence, missing);
    }

    private static NoGoFinding publishFailuresRouted(Map<String, Seen> seen) {
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        present(seen.get(PUBLISH_FAILURE_ALERT), evidence, missing,
                "a PublishBlocked alert for the scope received through alert intake (live, or a drill alert labelled drill=\"true\")");
        return new NoGoFinding(NoGoRule.PUBLISH_FAILURES_ROUTED, missing.isEmpty(), evidence, missing);
    }

    private static NoGoFinding validated(Map<String, Seen> seen, String appBuild) {
        if (appBuild != null) {
            Seen validation = seen.get(LAUNCH_VALIDATED + appBuild);
            return validation != null
                    ? new NoGoFinding(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION, true, List.of(validation.evidence()), List.of())
                    : new NoGoFinding(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION, false, List.of(),
                    List.of("a completed launch-day validation of build " + appBuild + " for the scope"));
        }
        List<String> evidence = seen.entrySet().stream().filter(entry -> entry.getKey().startsWith(LAUNCH_VALIDATED))
                .map(entry -> entry.getValue().evidence()).toList();
        return new NoGoFinding(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION, !evidence.isEmpty(), evidence,
                evidence.isEmpty() ? List.of("a completed launch-day validation of any build for the scope") : List.of());
    }

    private static void present(Seen item, List<String> evidence, List<String> missing, String whatIsMissing) {
        if (item == null) {
            missing.add(whatIsMissing);
        } else {
            evidence.add(item.evidence());
        }
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
