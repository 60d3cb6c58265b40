package org.binkindly.ledger.core.killswitch;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A scheduled run completed cleanly while the switch was active. */
@Revision("1")
public record CleanScheduledRunRecorded(KillSwitchId killSwitchId, String runReference, Instant completedAt, String evidence) implements KillSwitchEvent {
}
