package org.binkindly.ledger.projections.killswitch;

import org.binkindly.ledger.core.killswitch.KillSwitchId;

/** One kill-switch activation with everything recorded about it. */
public record FindKillSwitch(KillSwitchId killSwitchId) {
}
