package org.binkindly.ledger.core.launch;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The no-go gate that launches and expansions consult when they complete: it reads the facts seen
 * for the scope through {@link NoGoEvidence} and judges them with {@link NoGoRules} now, so the
 * decision is the domain's and no caller can hand a verdict in.
 */
public final class NoGoGate {

    private final NoGoEvidence evidence;
    private final Duration drillRecency;
    private final Clock clock;

    /** @param drillRecency how recent a rollback drill that met the objectives must be to count as proof */
    public NoGoGate(NoGoEvidence evidence, Duration drillRecency, Clock clock) {
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.drillRecency = Objects.requireNonNull(drillRecency, "drillRecency");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Instant now() {
        return clock.instant();
    }

    /** The five findings for the scope as of now; with an app build, for a launch of that build. */
    public List<NoGoFinding> evaluate(Scope scope, String appBuild) {
        return evaluate(scope, appBuild, now());
    }

    public List<NoGoFinding> evaluate(Scope scope, String appBuild, Instant asOf) {
        return evaluate(scope, appBuild, evidence, asOf);
    }

    /** The findings on other evidence, with this gate's drill recency: the facts as they stood at a past {@code asOf}. */
    public List<NoGoFinding> evaluate(Scope scope, String appBuild, NoGoEvidence pastEvidence, Instant asOf) {
        return NoGoRules.evaluate(scope, appBuild, pastEvidence.factsFor(scope), asOf, drillRecency);
    }

    /** The rules that block, in the runbook's order. */
    public static List<NoGoRule> blocking(List<NoGoFinding> findings) {
        return findings.stream().filter(finding -> !finding.passed()).map(NoGoFinding::rule).toList();
    }
}
