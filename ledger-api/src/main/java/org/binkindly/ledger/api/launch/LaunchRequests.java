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

    /** Auth keys by name with their presence (true/false): a value would be refused as not a boolean, so none is ever stored. */
    record ProductionConfig(@Size(max = 100) List<@NotBlank @Size(max = Texts.MAX_LENGTH) String> apiEndpoints,
                            @Size(max = 100) Map<String, Boolean> authKeys,
                            @Size(max = 100) Map<String, String> environmentFlags,
                            @Size(max = 2) Map<KillSwitchKind, String> killSwitchDefaults) {
    }

    record FirstPublish(@Size(max = 255) String expectedManifestId) {
    }

    record BuildChecksum(@NotBlank @Size(max = Texts.MAX_LENGTH) String artifact, @NotBlank @Size(max = 64) String sha256,
                         @Size(max = Texts.MAX_LENGTH) String location) {
    }

    record Expansion(@NotBlank @Size(max = Texts.MAX_LENGTH) String description) {
    }
}
