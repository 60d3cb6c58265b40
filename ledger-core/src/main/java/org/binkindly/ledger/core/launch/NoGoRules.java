package org.binkindly.ledger.core.launch;

import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The runbook's five no-go rules and its halt on open incidents, judged from the facts seen for a scope as of a moment (so a drill
 * ages out of its recency without any event). With an app build the scope must be validated for
 * that build (a launch); without, for any build (an expansion).
 * <ol>
 * <li>rollback objective proven: a drill rebind that met both objectives, within the recency;</li>
 * <li>kill switches defined and drilled: a drill activation of each kind;</li>
 * <li>stale-pack alerting present: the watch covers the scope, and a stale-pack alert came through intake;</li>
 * <li>publish failures routed: a publish-blocked alert came through intake;</li>
 * <li>validated in production: a completed launch-day validation (of the build, for a launch);</li>
 * <li>no open incident halts expansion: none of SEV-1 or SEV-2 open on the scope, the scope enclosing
 * it (a locality's country) or any pipeline scope (the runbook's "SEV-2: halt expansion"; SEV-1 is worse).</li>
 * </ol>
 */
public final class NoGoRules {

    private NoGoRules() {
    }

    /** One finding per rule, in the runbook's order. */
    public static List<NoGoFinding> evaluate(Scope scope, String appBuild, List<NoGoFact> facts, Instant asOf,
                                             Duration drillRecency) {
        return List.of(
                rollback(scope, facts, asOf, drillRecency),
                killSwitches(facts),
                stalePackAlerting(facts),
                publishFailuresRouted(facts),
                validated(facts, appBuild),
                noHaltingIncident(facts));
    }

    /** The severities whose open incidents halt launches and expansions: SEV-2 by the runbook, SEV-1 a fortiori. */
    public static boolean haltsExpansion(Severity severity) {
        return severity == Severity.SEV1 || severity == Severity.SEV2;
    }

    /** Whether an incident open on {@code incidentScope} concerns {@code scope}: the same, enclosing it, or a pipeline. */
    public static boolean concerns(Scope incidentScope, Scope scope) {
        return incidentScope.equals(scope) || scope.enclosing().contains(incidentScope)
                || incidentScope.kind() == ScopeKind.PIPELINE;
    }

    private static NoGoFinding noHaltingIncident(List<NoGoFact> facts) {
        List<String> halting = facts.stream()
                .filter(fact -> fact.kind() == NoGoFact.Kind.OPEN_INCIDENT && fact.subject() != null
                        && haltsExpansion(Severity.valueOf(fact.subject())))
                .sorted((a, b) -> a.seenAt().compareTo(b.seenAt()))
                .map(fact -> "closure of, or a downgrade below SEV2 for, " + fact.evidence())
                .toList();
        return new NoGoFinding(NoGoRule.NO_OPEN_INCIDENT_HALTS_EXPANSION, halting.isEmpty(),
                halting.isEmpty() ? List.of("no SEV1 or SEV2 incident open on the scope, its country or the pipeline") : List.of(),
                halting);
    }

    private static NoGoFinding rollback(Scope scope, List<NoGoFact> facts, Instant asOf, Duration drillRecency) {
        NoGoFact drill = latest(facts, NoGoFact.Kind.ROLLBACK_DRILL, null);
        Instant oldestCounted = asOf.minus(drillRecency);
        if (drill != null && !drill.seenAt().isBefore(oldestCounted)) {
            return new NoGoFinding(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN, true, List.of(drill.evidence()), List.of());
        }
        String missing = "a drill rebind of %s that met both rollback objectives since %s (recency %s)"
                .formatted(scope, oldestCounted, drillRecency);
        return new NoGoFinding(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN, false,
                drill == null ? List.of() : List.of("too old: " + drill.evidence()), List.of(missing));
    }

    private static NoGoFinding killSwitches(List<NoGoFact> facts) {
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (KillSwitchKind kind : KillSwitchKind.values()) {
            present(latest(facts, NoGoFact.Kind.KILL_SWITCH_DRILL, kind.name()), evidence, missing,
                    "a drill activation of the %s kill switch for the scope".formatted(kind));
        }
        return new NoGoFinding(NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED, missing.isEmpty(), evidence, missing);
    }

    private static NoGoFinding stalePackAlerting(List<NoGoFact> facts) {
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        present(latest(facts, NoGoFact.Kind.STALE_PACK_WATCH, null), evidence, missing,
                "the scope among the stale-pack watch's supported scopes (ledger.stale-pack.scopes)");
        present(latest(facts, NoGoFact.Kind.STALE_PACK_ALERT, null), evidence, missing,
                "a StalePack alert for the scope received through alert intake (a breach, or a drill alert labelled drill=\"true\")");
        return new NoGoFinding(NoGoRule.STALE_PACK_ALERTING_PRESENT, missing.isEmpty(), evidence, missing);
    }

    private static NoGoFinding publishFailuresRouted(List<NoGoFact> facts) {
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        present(latest(facts, NoGoFact.Kind.PUBLISH_FAILURE_ALERT, null), evidence, missing,
                "a PublishBlocked alert for the scope received through alert intake (live, or a drill alert labelled drill=\"true\")");
        return new NoGoFinding(NoGoRule.PUBLISH_FAILURES_ROUTED, missing.isEmpty(), evidence, missing);
    }

    private static NoGoFinding validated(List<NoGoFact> facts, String appBuild) {
        if (appBuild != null) {
            NoGoFact validation = latest(facts, NoGoFact.Kind.LAUNCH_VALIDATED, appBuild);
            return validation != null
                    ? new NoGoFinding(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION, true, List.of(validation.evidence()), List.of())
                    : new NoGoFinding(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION, false, List.of(),
                    List.of("a completed launch-day validation of build " + appBuild + " for the scope"));
        }
        List<String> evidence = facts.stream().filter(fact -> fact.kind() == NoGoFact.Kind.LAUNCH_VALIDATED)
                .sorted((a, b) -> b.seenAt().compareTo(a.seenAt())).map(NoGoFact::evidence).toList();
        return new NoGoFinding(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION, !evidence.isEmpty(), evidence,
                evidence.isEmpty() ? List.of("a completed launch-day validation of any build for the scope") : List.of());
    }

    /** The newest fact of a kind and subject; facts may come in any order. */
    private static NoGoFact latest(List<NoGoFact> facts, NoGoFact.Kind kind, String subject) {
        NoGoFact latest = null;
        for (NoGoFact fact : facts) {
            if (fact.kind() == kind && Objects.equals(fact.subject(), subject)
                    && (latest == null || fact.seenAt().isAfter(latest.seenAt()))) {
                latest = fact;
            }
        }
        return latest;
    }

    private static void present(NoGoFact fact, List<String> evidence, List<String> missing, String whatIsMissing) {
        if (fact == null) {
            missing.add(whatIsMissing);
        } else {
            evidence.add(fact.evidence());
        }
    }
}
