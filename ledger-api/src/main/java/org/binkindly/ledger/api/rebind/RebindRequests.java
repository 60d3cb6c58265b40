package org.binkindly.ledger.api.rebind;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.rebind.WriteResult;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Instant;
import java.util.List;

/** Request bodies of the rebind endpoints; the manual-mode steps carry the same evidence the ledger records itself. */
final class RebindRequests {

    static final String SHA256 = "[0-9a-fA-F]{64}";

    private RebindRequests() {
    }

    record Start(@NotNull Scope scope, @Size(max = 255) String targetManifestId, IncidentId incidentId, boolean drill,
                 RebindMode mode, Instant badPublishConfirmedAt) {
    }

    record Manifest(@NotBlank @Size(max = 255) String manifestId, @NotNull Scope scope, @NotBlank @Size(max = 1024) String packKey,
                    @NotNull @Pattern(regexp = SHA256) String packSha256, @NotNull Instant publishedAt,
                    @NotNull @Pattern(regexp = SHA256) String manifestSha256, @NotBlank @Size(max = 256) String etag) {

        StoredManifest toStored() {
            return new StoredManifest(manifestId, scope, packKey, packSha256.toLowerCase(), publishedAt,
                    manifestSha256.toLowerCase(), etag);
        }
    }

    record ManifestProbe(@Valid Manifest active, @Valid Manifest target, @Pattern(regexp = SHA256) String targetPackSha256Actual,
                         @Size(max = Texts.MAX_LENGTH) String failure) {
    }

    record ActiveWrite(@NotNull WriteResult result, @Size(max = 256) String etag, @Size(max = 256) String versionId,
                       @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    record IntegrityReadback(@Pattern(regexp = SHA256) String manifestSha256, @Pattern(regexp = SHA256) String declaredPackSha256,
                             @Pattern(regexp = SHA256) String packSha256Actual, @PositiveOrZero long packBytes,
                             @Size(max = Texts.MAX_LENGTH) String failure) {
    }

    record Probe(@NotNull ResolutionProbe.Target target, @NotBlank @Size(max = 2048) String url,
                 @Min(0) @Max(999) int status, @PositiveOrZero long latencyMillis, boolean passed,
                 @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    record ResolutionProbes(@NotEmpty @Size(max = 50) List<@Valid @NotNull Probe> probes) {
    }

    record Overlay(@NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }
}
