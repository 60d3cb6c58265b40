package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;

/** Someone confirmed that no unsupported silent degrade was introduced, with the evidence. */
@Revision("1")
public record SilentDegradeRuledOut(KillSwitchId killSwitchId, String evidence) implements KillSwitchEvent {
}
