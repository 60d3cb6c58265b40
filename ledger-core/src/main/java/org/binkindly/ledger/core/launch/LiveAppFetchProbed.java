package org.binkindly.ledger.core.launch;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.rebind.ResolutionProbe;

import java.util.List;

/** The live app fetch path was probed for the scope's active manifest; passed when every probe did. */
@Revision("1")
public record LiveAppFetchProbed(LaunchId launchId, String expectedManifestId, List<ResolutionProbe> probes, boolean passed)
        implements LaunchEvent {
}
