package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.rebind.RebindId;

/** One rebind with every checklist step's evidence. */
public record FindRebind(RebindId rebindId) {
}
