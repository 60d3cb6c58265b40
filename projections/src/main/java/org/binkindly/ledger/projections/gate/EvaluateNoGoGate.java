package org.binkindly.ledger.projections.gate;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Duration;
import java.time.Instant;

/**
 * Evaluate the no-go rules for a scope as of a moment. With {@code appBuild}, the scope must be
 * validated for that build (a launch); without, for any build (an expansion).
 */
public record EvaluateNoGoGate(Scope scope, String appBuild, Instant asOf, Duration drillRecency) {
}
