package org.binkindly.ledger.core.launch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.launch.ExpansionId;
import org.binkindly.ledger.core.shared.Scope;

/** Complete an expansion of a scope (more localities, a wider lane); the expansion consults the no-go gate itself. */
public record CompleteExpansion(@TargetAggregateIdentifier ExpansionId expansionId, Scope scope, String description) {
}
