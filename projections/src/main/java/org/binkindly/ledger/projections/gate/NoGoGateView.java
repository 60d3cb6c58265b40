package org.binkindly.ledger.projections.gate;

import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.launch.NoGoGate;
import org.binkindly.ledger.core.launch.NoGoRule;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;

/**
 * The no-go gate of a scope: clear, or the rules that block, each with the evidence found and what is missing.
 *
 * @param scope the scope, written kind/id
 * @param appBuild the app build the gate was judged for, when one was given
 * @param evaluatedAt when the gate was judged (UTC instant, ISO 8601)
 * @param clear true when no rule blocks
 * @param blocking the rules that block, by name
 * @param findings every rule's finding: passed, the evidence found and what is missing
 */
public record NoGoGateView(Scope scope, String appBuild, Instant evaluatedAt, boolean clear, List<NoGoRule> blocking,
                           List<NoGoFinding> findings) {

    /** The gate's findings for the scope as of a moment, as read over HTTP. */
    public static NoGoGateView of(Scope scope, String appBuild, Instant evaluatedAt, List<NoGoFinding> findings) {
        List<NoGoRule> blocking = NoGoGate.blocking(findings);
        return new NoGoGateView(scope, appBuild, evaluatedAt, blocking.isEmpty(), blocking, List.copyOf(findings));
    }
}
