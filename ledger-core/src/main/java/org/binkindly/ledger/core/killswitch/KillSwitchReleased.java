package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;

/** The kill switch was released; the lane is re-enabled and graduation is no longer frozen by it. */
@Revision("1")
public record KillSwitchReleased(KillSwitchId killSwitchId, String reason) implements KillSwitchEvent {
}
