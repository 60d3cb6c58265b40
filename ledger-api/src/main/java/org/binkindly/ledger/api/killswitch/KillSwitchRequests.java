package org.binkindly.ledger.api.killswitch;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.LaneChange;
import org.binkindly.ledger.core.killswitch.LocalityValidation;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request bodies of the kill-switch endpoints. */
final class KillSwitchRequests {

    private KillSwitchRequests() {
    }

    record Activate(@NotNull KillSwitchKind kind, @NotNull Scope scope, @NotBlank @Size(max = Texts.MAX_LENGTH) String reason,
                    IncidentId incidentId, boolean drill, Instant activatedAt) {
    }

    record ChangeLane(@NotNull LaneChange change, @NotBlank @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    @Schema(name = "KillSwitchEvidence")
    record Evidence(@NotBlank @Size(max = Texts.MAX_LENGTH) String evidence) {
    }

    record Validation(@NotEmpty @Size(max = 200) List<@Valid @NotNull Result> results) {
    }

    record Result(@NotBlank @Size(max = 63) String locality, @NotNull LocalityValidation.Outcome outcome,
                  @Size(max = Texts.MAX_LENGTH) String note) {
    }

    record PolicyState(@NotBlank @Size(max = 200) String sorterMode, @NotBlank @Size(max = 200) String riskState,
                       @Size(max = 200) List<@NotBlank @Size(max = 100) String> allowedErrorCodes,
                       @Size(max = 500) Map<@NotBlank @Size(max = 100) String, @NotNull Integer> graduationCounters) {
    }

    record CleanRun(@NotBlank @Size(max = 256) String runReference, Instant completedAt,
                    @NotBlank @Size(max = Texts.MAX_LENGTH) String evidence) {
    }

    record RollbackConfidence(@NotBlank @Size(max = Texts.MAX_LENGTH) String evidence, @NotBlank @Size(max = 256) String rebindReference) {
    }

    record Release(@NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }
}
