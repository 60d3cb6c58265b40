package org.binkindly.ledger.core.killswitch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.ReferencedRebind;

/**
 * Record the evidence that rollback works for the scope: {@code rebindReference} names the rebind that proves
 * it (required), and {@code referencedRebind} carries what the log says about it (null: no such rebind is on record).
 */
public record RecordRollbackConfidence(@TargetAggregateIdentifier KillSwitchId killSwitchId, String evidence, String rebindReference,
                                       ReferencedRebind referencedRebind) {

    /** Evidence with nothing looked up about the reference: always refused, as no rebind on record. */
    public RecordRollbackConfidence(KillSwitchId killSwitchId, String evidence, String rebindReference) {
        this(killSwitchId, evidence, rebindReference, null);
    }
}
