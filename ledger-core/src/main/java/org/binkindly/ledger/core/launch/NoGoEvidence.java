package org.binkindly.ledger.core.launch;

import org.binkindly.ledger.core.shared.Scope;

import java.util.List;

/** Port: the no-go facts seen for a scope, newest first, one per kind and subject. Implemented by a projection. */
public interface NoGoEvidence {

    List<NoGoFact> factsFor(Scope scope);
}
