package org.binkindly.ledger.projections.launch;

import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;

/**
 * A completed expansion of a scope: what was expanded, by whom, when, and the gate's findings it was completed on.
 *
 * @param expansionId the expansion's id, assigned by the ledger
 * @param scope the scope expanded, written kind/id
 * @param description what the expansion widened
 * @param completedBy who completed it
 * @param completedAt when (UTC instant, ISO 8601)
 * @param findings the no-go gate's findings it was completed on
 */
public record ExpansionView(String expansionId, Scope scope, String description, String completedBy, Instant completedAt,
                            List<NoGoFinding> findings) {
}
