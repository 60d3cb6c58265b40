package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;

/** The AI lane was disabled or narrowed. */
@Revision("1")
public record LaneChanged(KillSwitchId killSwitchId, LaneChange change, String detail) implements KillSwitchEvent {
}
