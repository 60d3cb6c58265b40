package org.binkindly.ledger.core.launch.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.rebind.ResolutionProbe;

import java.util.List;

/** Record the probes of the live app fetch path (resolver and rules API) for the scope's active manifest. */
public record RecordLiveAppFetch(@TargetAggregateIdentifier LaunchId launchId, String expectedManifestId,
                                 List<ResolutionProbe> probes) {
}
