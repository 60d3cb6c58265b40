package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchId;

import java.util.List;
import java.util.Map;

/** Record the runtime policy state seen. */
public record RecordRuntimePolicyState(@TargetAggregateIdentifier KillSwitchId killSwitchId, String sorterMode, String riskState, List<String> allowedErrorCodes,
                                       Map<String, Integer> graduationCounters) {
}
