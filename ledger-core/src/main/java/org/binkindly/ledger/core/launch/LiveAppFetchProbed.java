package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.rebind.ResolutionProbe;

import java.util.List;

/**
 * The live app fetch path was probed for the scope's active manifest; passed when every probe did.
 *
 * @param launchId the launch's id, written launch:{kind}/{id}@{appBuild}
 * @param expectedManifestId the active manifest the probes expected to be served
 * @param probes the probes of the resolver and rules API
 * @param passed true when every probe passed
 */
@Revision("1")
public record LiveAppFetchProbed(LaunchId launchId, String expectedManifestId, List<ResolutionProbe> probes, boolean passed)
        implements LaunchEvent {
}
