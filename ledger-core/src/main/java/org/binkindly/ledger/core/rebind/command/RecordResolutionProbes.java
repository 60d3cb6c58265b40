package org.binkindly.ledger.core.rebind.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.ResolutionProbe;

import java.util.List;

/** Record the post-rollback probes of the resolver and rules API. */
public record RecordResolutionProbes(@TargetAggregateIdentifier RebindId rebindId, List<ResolutionProbe> probes) {
}
