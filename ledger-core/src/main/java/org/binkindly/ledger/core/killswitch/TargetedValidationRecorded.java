package org.binkindly.ledger.core.killswitch;

import org.axonframework.serialization.Revision;

import java.util.List;

/** Targeted validation ran on a representative set of localities, with a result per locality. */
@Revision("1")
public record TargetedValidationRecorded(KillSwitchId killSwitchId, List<LocalityValidation> results) implements KillSwitchEvent {
}
