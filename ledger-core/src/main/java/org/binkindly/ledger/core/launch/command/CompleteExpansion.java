package org.binkindly.ledger.core.launch.command;

import org.binkindly.ledger.core.launch.ExpansionId;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.shared.Scope;

import java.util.List;

/** Complete an expansion of a scope (more localities, a wider lane); {@code findings} are the no-go gate's evaluation now. */
public record CompleteExpansion(@TargetAggregateIdentifier ExpansionId expansionId, Scope scope, String description,
                                List<NoGoFinding> findings) {
}
