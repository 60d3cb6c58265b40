package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;

import java.util.List;
import java.util.Map;

/**
 * The production config snapshot was checked; {@code problems} say why it did not pass. Auth keys by name and presence only.
 *
 * @param launchId the launch's id, written launch:{kind}/{id}@{appBuild}
 * @param apiEndpoints the production API endpoints checked
 * @param authKeysPresent each auth key by name and whether it was present; never the key itself
 * @param environmentFlags the production environment flags by name and value
 * @param killSwitchDefaults the default setting of each kill switch kind
 * @param passed true when the config passed the check
 * @param problems why it did not pass, one line each
 */
@Revision("1")
public record ProductionConfigVerified(LaunchId launchId, List<String> apiEndpoints, Map<String, Boolean> authKeysPresent,
                                       Map<String, String> environmentFlags, Map<KillSwitchKind, String> killSwitchDefaults,
                                       boolean passed, List<String> problems) implements LaunchEvent {
}
