package org.binkindly.ledger.core.killswitch;

import org.binkindly.ledger.core.shared.Scope;

/**
 * What the log says about the rebind a rollback-confidence entry names, read from the rebind views
 * where the command is accepted (the aggregate cannot query): its scope, and whether it completed
 * with integrity verified.
 */
public record ReferencedRebind(String rebindId, Scope scope, String phase, boolean integrityConfirmed) {

    public boolean provesRollback() {
        return "COMPLETED".equals(phase) && integrityConfirmed;
    }
}
