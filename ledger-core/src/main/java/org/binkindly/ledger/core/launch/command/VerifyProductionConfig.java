package org.binkindly.ledger.core.launch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.launch.LaunchId;

import java.util.List;
import java.util.Map;

/**
 * Record the production config snapshot verified for the launch: API endpoints, which auth keys
 * are present (names and presence only, never values), environment flags, kill-switch defaults.
 */
public record VerifyProductionConfig(@TargetAggregateIdentifier LaunchId launchId, List<String> apiEndpoints,
                                     Map<String, Boolean> authKeysPresent, Map<String, String> environmentFlags,
                                     Map<KillSwitchKind, String> killSwitchDefaults) {
}
