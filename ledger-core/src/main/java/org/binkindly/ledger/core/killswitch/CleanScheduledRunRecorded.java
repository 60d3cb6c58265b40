package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A scheduled run completed cleanly while the switch was active. */
@Revision("1")
public record CleanScheduledRunRecorded(KillSwitchId killSwitchId, String runReference, Instant completedAt, String evidence) implements KillSwitchEvent {
}
