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

    /**
     * Starts a rebind: active.json of a scope is pointed back at an earlier manifest.
     *
     * @param scope the scope whose active manifest is rebound, written kind/id, e.g. locality/se-stockholm
     * @param targetManifestId the manifest to rebind to, as named in the scope's manifest history; defaults to the last known good one
     * @param incidentId the incident this rebind answers (its id from the declaration's Location); must be of the same scope
     * @param drill true for a rehearsal: an automatic drill works on a copy of the active manifest and changes nothing users resolve
     * @param mode AUTOMATIC (default): the ledger does each step against storage itself; MANUAL: an operator records steps done elsewhere
     * @param badPublishConfirmedAt when the bad publish was confirmed (UTC instant, ISO 8601); the 15-minute restore and 30-minute integrity deadlines count from it. Defaults to when the linked BAD_PUBLISH incident was declared, else the start
     */
    record Start(@NotNull Scope scope, @Size(max = 255) String targetManifestId, IncidentId incidentId, boolean drill,
                 RebindMode mode, Instant badPublishConfirmedAt) {
    }

    /**
     * A manifest as stored in the scope's manifest history.
     *
     * @param manifestId the manifest's id in the scope's manifest history
     * @param scope the scope the manifest publishes, written kind/id
     * @param packKey the object-storage key of the pack the manifest points at
     * @param packSha256 the pack's SHA-256 as the manifest declares it, 64 hex digits
     * @param publishedAt when the manifest was published (UTC instant, ISO 8601)
     * @param manifestSha256 the SHA-256 of the manifest document itself, 64 hex digits
     * @param etag the object store's ETag of the manifest object
     */
    record Manifest(@NotBlank @Size(max = 255) String manifestId, @NotNull Scope scope, @NotBlank @Size(max = 1024) String packKey,
                    @NotNull @Pattern(regexp = SHA256) String packSha256, @NotNull Instant publishedAt,
                    @NotNull @Pattern(regexp = SHA256) String manifestSha256, @NotBlank @Size(max = 256) String etag) {

        StoredManifest toStored() {
            return new StoredManifest(manifestId, scope, packKey, packSha256.toLowerCase(), publishedAt,
                    manifestSha256.toLowerCase(), etag);
        }
    }

    /**
     * The manifest probe done by hand (MANUAL rebinds): what is active and what the rebind will point at.
     *
     * @param active the manifest active.json points at now, when it could be read
     * @param target the manifest the rebind will point active.json at
     * @param targetPackSha256Actual the SHA-256 recomputed from the target's pack bytes, 64 hex digits; when it differs from the target's packSha256 the rebind fails here
     * @param failure why the probe failed, instead of the findings
     */
    record ManifestProbe(@Valid Manifest active, @Valid Manifest target, @Pattern(regexp = SHA256) String targetPackSha256Actual,
                         @Size(max = Texts.MAX_LENGTH) String failure) {
    }

    /**
     * The write of active.json done by hand (MANUAL rebinds).
     *
     * @param result WRITTEN, CONFLICT (active.json changed under the write) or FAILED
     * @param etag the ETag the object store gave the written active.json; required when WRITTEN
     * @param versionId the object store's version id of the write, on a versioned bucket
     * @param detail what happened, e.g. the store's error for a CONFLICT or FAILED write
     */
    record ActiveWrite(@NotNull WriteResult result, @Size(max = 256) String etag, @Size(max = 256) String versionId,
                       @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    /**
     * The integrity readback after the write, done by hand (MANUAL rebinds).
     *
     * @param manifestSha256 the SHA-256 of the manifest read back through active.json, 64 hex digits
     * @param declaredPackSha256 the pack SHA-256 that manifest declares, 64 hex digits
     * @param packSha256Actual the SHA-256 recomputed from the pack bytes read back, 64 hex digits
     * @param packBytes the size of the pack read back, in bytes
     * @param failure why the readback failed, instead of the findings
     */
    record IntegrityReadback(@Pattern(regexp = SHA256) String manifestSha256, @Pattern(regexp = SHA256) String declaredPackSha256,
                             @Pattern(regexp = SHA256) String packSha256Actual, @PositiveOrZero long packBytes,
                             @Size(max = Texts.MAX_LENGTH) String failure) {
    }

    /**
     * One resolution probe against a live endpoint.
     *
     * @param target which service was probed: RESOLVER or RULES_API
     * @param url the URL that was requested
     * @param status the HTTP status it answered, 0 when no answer came
     * @param latencyMillis how long the answer took, in milliseconds
     * @param passed whether the answer showed the rebound manifest being served
     * @param detail what was seen, e.g. the manifest id served or the error
     */
    record Probe(@NotNull ResolutionProbe.Target target, @NotBlank @Size(max = 2048) String url,
                 @Min(0) @Max(999) int status, @PositiveOrZero long latencyMillis, boolean passed,
                 @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    /**
     * The resolution probes done by hand (MANUAL rebinds).
     *
     * @param probes the probes, 1 to 50
     */
    record ResolutionProbes(@NotEmpty @Size(max = 50) List<@Valid @NotNull Probe> probes) {
    }

    /**
     * Disables the scope's locality overlay, so that it serves the baseline rules only.
     *
     * @param reason why the overlay is disabled
     */
    record Overlay(@NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }
}
