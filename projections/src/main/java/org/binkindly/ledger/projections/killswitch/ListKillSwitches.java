package org.binkindly.ledger.projections.killswitch;

import org.binkindly.ledger.core.shared.Scope;

/** Kill switches, newest first; optionally for one scope, optionally only those still active. */
public record ListKillSwitches(Scope scope, boolean activeOnly) {
}
