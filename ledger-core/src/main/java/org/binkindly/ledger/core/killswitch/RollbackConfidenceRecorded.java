package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;

/** Someone recorded why rollback is trusted to work for the scope (e.g. a verified rebind or drill). */
@Revision("1")
public record RollbackConfidenceRecorded(KillSwitchId killSwitchId, String evidence, String rebindReference) implements KillSwitchEvent {
}
