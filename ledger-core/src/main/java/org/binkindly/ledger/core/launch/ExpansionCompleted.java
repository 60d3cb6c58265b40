package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.shared.Scope;

import java.util.List;

/** An expansion of the scope was completed with no no-go rule blocking; the gate's findings are its evidence. */
@Revision("1")
public record ExpansionCompleted(ExpansionId expansionId, Scope scope, String description, List<NoGoFinding> findings) {
}
