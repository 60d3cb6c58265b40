package org.binkindly.ledger.projections.launch;

import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;

/** A completed expansion of a scope: what was expanded, by whom, when, and the gate's findings it was completed on. */
public record ExpansionView(String expansionId, Scope scope, String description, String completedBy, Instant completedAt,
                            List<NoGoFinding> findings) {
}
