package org.binkindly.ledger.core.killswitch;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record targeted validation over representative localities. */
public record RecordTargetedValidation(@TargetAggregateIdentifier KillSwitchId killSwitchId, List<LocalityValidation> results) {
}
