package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.LocalityValidation;

import java.util.List;

/** Record targeted validation over representative localities. */
public record RecordTargetedValidation(@TargetAggregateIdentifier KillSwitchId killSwitchId, List<LocalityValidation> results) {
}
