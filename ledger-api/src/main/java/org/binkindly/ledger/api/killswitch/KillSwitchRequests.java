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

    /**
     * Activates a kill switch.
     *
     * @param kind AI_LANE stops or narrows the AI-assisted sorting lane; BAD_PACK stops a bad pack from being served
     * @param scope the scope switched off, written kind/id, e.g. locality/se-stockholm
     * @param reason why the switch is thrown
     * @param incidentId the incident this switch answers (its id from the declaration's Location); must be of the same scope
     * @param drill true for a rehearsal: a drill freezes no graduation
     * @param activatedAt when the switch was thrown (UTC instant, ISO 8601); defaults to the moment of the request
     */
    record Activate(@NotNull KillSwitchKind kind, @NotNull Scope scope, @NotBlank @Size(max = Texts.MAX_LENGTH) String reason,
                    IncidentId incidentId, boolean drill, Instant activatedAt) {
    }

    /**
     * Records how the AI lane was changed (AI_LANE switches only).
     *
     * @param change DISABLED (the lane is off) or NARROWED (it serves less)
     * @param detail what exactly was changed, e.g. which rules or localities the lane still serves
     */
    record ChangeLane(@NotNull LaneChange change, @NotBlank @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    /**
     * Evidence of the silent-degrade check.
     *
     * @param evidence what was checked to show nothing degrades silently while the switch is on, and what was seen
     */
    @Schema(name = "KillSwitchEvidence")
    record Evidence(@NotBlank @Size(max = Texts.MAX_LENGTH) String evidence) {
    }

    /**
     * Targeted validations, one result per locality.
     *
     * @param results the localities' results, 1 to 200
     */
    record Validation(@NotEmpty @Size(max = 200) List<@Valid @NotNull Result> results) {
    }

    /**
     * One locality's targeted validation.
     *
     * @param locality the locality's id, e.g. se-stockholm
     * @param outcome PASSED or FAILED; a locality whose latest validation FAILED keeps the switch from being released
     * @param note what was validated or what failed
     */
    record Result(@NotBlank @Size(max = 63) String locality, @NotNull LocalityValidation.Outcome outcome,
                  @Size(max = Texts.MAX_LENGTH) String note) {
    }

    /**
     * The runtime policy state read from the sorter while the switch is on.
     *
     * @param sorterMode the sorter's mode as the runtime reports it (the runbook's sorter_mode)
     * @param riskState the runtime's risk state as it reports it (the runbook's risk_state)
     * @param allowedErrorCodes the error codes the runtime currently allows (the runbook's allowed_error_codes)
     * @param graduationCounters the country lanes' graduation counters, keyed by lane (e.g. a country code)
     */
    record PolicyState(@NotBlank @Size(max = 200) String sorterMode, @NotBlank @Size(max = 200) String riskState,
                       @Size(max = 200) List<@NotBlank @Size(max = 100) String> allowedErrorCodes,
                       @Size(max = 500) Map<@NotBlank @Size(max = 100) String, @NotNull Integer> graduationCounters) {
    }

    /**
     * A clean scheduled run: one of the proofs a release needs.
     *
     * @param runReference the scheduled run's id or link
     * @param completedAt when the run completed (UTC instant, ISO 8601); defaults to the moment of the request
     * @param evidence what shows the run was clean
     */
    record CleanRun(@NotBlank @Size(max = 256) String runReference, Instant completedAt,
                    @NotBlank @Size(max = Texts.MAX_LENGTH) String evidence) {
    }

    /**
     * Rollback confidence: one of the proofs a release needs.
     *
     * @param evidence what shows a rollback would work
     * @param rebindReference the id of a rebind of the switch's scope that COMPLETED with its integrity verified (a drill counts)
     */
    record RollbackConfidence(@NotBlank @Size(max = Texts.MAX_LENGTH) String evidence, @NotBlank @Size(max = 256) String rebindReference) {
    }

    /**
     * Releases the kill switch once earned.
     *
     * @param reason why the switch can be released now
     */
    record Release(@NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }
}
