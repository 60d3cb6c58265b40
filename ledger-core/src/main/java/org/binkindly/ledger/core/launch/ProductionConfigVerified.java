package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;

import java.util.List;
import java.util.Map;

/** The production config snapshot was checked; {@code problems} say why it did not pass. Auth keys by name and presence only. */
@Revision("1")
public record ProductionConfigVerified(LaunchId launchId, List<String> apiEndpoints, Map<String, Boolean> authKeysPresent,
                                       Map<String, String> environmentFlags, Map<KillSwitchKind, String> killSwitchDefaults,
                                       boolean passed, List<String> problems) implements LaunchEvent {
}
