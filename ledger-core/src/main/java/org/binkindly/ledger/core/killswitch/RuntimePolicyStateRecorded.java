package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/** The runtime policy state seen: sorter mode, risk state, allowed error codes and country-lane graduation counters. */
@Revision("1")
public record RuntimePolicyStateRecorded(KillSwitchId killSwitchId, String sorterMode, String riskState, List<String> allowedErrorCodes,
                                         Map<String, Integer> graduationCounters) implements KillSwitchEvent {
}
