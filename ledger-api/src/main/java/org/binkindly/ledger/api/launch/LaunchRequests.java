package org.binkindly.ledger.api.launch;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Texts;

import java.util.List;
import java.util.Map;

/** Request bodies of the launch endpoints. */
final class LaunchRequests {

    private LaunchRequests() {
    }

    /**
     * Production config as verified on launch day. Auth keys by name with their presence (true/false): a value would be refused as not a
     * boolean, so none is ever stored.
     *
     * @param apiEndpoints the production API endpoints the app build calls (URLs); at least one for the check to pass
     * @param authKeys each auth key the build needs, by name, and whether it is present (true/false); never the key itself
     * @param environmentFlags the production environment flags by name and value; at least one for the check to pass
     * @param killSwitchDefaults the default setting of each kill switch kind, AI_LANE and BAD_PACK; both are needed for the check to pass
     */
    record ProductionConfig(@Size(max = 100) List<@NotBlank @Size(max = Texts.MAX_LENGTH) String> apiEndpoints,
                            @Size(max = 100) Map<String, Boolean> authKeys,
                            @Size(max = 100) Map<String, String> environmentFlags,
                            @Size(max = 2) Map<KillSwitchKind, String> killSwitchDefaults) {
    }

    /**
     * Asks the ledger to validate the first publish by reading it back from storage.
     *
     * @param expectedManifestId the manifest id the active manifest should carry; optional, when given a different one fails the check
     */
    record FirstPublish(@Size(max = 255) String expectedManifestId) {
    }

    /**
     * Archives the app build's checksum.
     *
     * @param artifact the build artifact's name, e.g. its file name
     * @param sha256 the artifact's SHA-256, 64 hex digits
     * @param location where the artifact is archived, e.g. a URL or storage key
     */
    record BuildChecksum(@NotBlank @Size(max = Texts.MAX_LENGTH) String artifact, @NotBlank @Size(max = 64) String sha256,
                         @Size(max = Texts.MAX_LENGTH) String location) {
    }

    /**
     * Completes an expansion of the scope, if the no-go gate allows it.
     *
     * @param description what the expansion widens, e.g. the localities or lanes it adds
     */
    record Expansion(@NotBlank @Size(max = Texts.MAX_LENGTH) String description) {
    }
}
