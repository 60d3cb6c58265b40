package org.binkindly.ledger.core.rebind;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The resolver and rules API were probed for the scope after the rebind (checklist step 5: post-rollback probe log). */
@Revision("1")
public record ResolutionProbed(RebindId rebindId, List<ResolutionProbe> probes, boolean allPassed) implements RebindEvent {
}
