package org.binkindly.ledger.api.incident;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Instant;
import java.util.Map;

/** Request bodies of the incident endpoints. Times are optional and default to the moment of the request. */
final class IncidentRequests {

    private IncidentRequests() {
    }

    /** The eight facts and the severity each demands when YES or UNKNOWN; a test holds this to {@link ImpactFact}. */
    static final String IMPACT_FACTS = "Impact facts, each YES, NO or UNKNOWN; a fact that is YES or not known demands its severity: "
            + "ACTIVE_TRUTH_WRONG_FOR_USERS (SEV1), ROLLBACK_PATH_FAILING (SEV1), MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE (SEV1), "
            + "REFRESH_PIPELINE_DEGRADED (SEV2), CRITICAL_SCOPE_STALE_PACK_BREACH (SEV2), FALLBACK_PATH_SPIKING (SEV2), "
            + "NON_CRITICAL_SCOPE_DEGRADED (SEV3), EARLY_WARNING_THRESHOLD_CROSSED (SEV3).";

    record Declare(
            @NotNull IncidentClass incidentClass,
            @NotNull Scope scope,
            @Schema(description = IMPACT_FACTS) @Size(max = 16) Map<ImpactFact, ImpactFact.Value> impact,
            @Schema(description = "Optional: a severity above what the facts demand (an escalation at declaration); "
                    + "never below it (409 SEVERITY_BELOW_DERIVED)")
            Severity severity,
            @Schema(description = "Why the incident is declared above the severity its facts demand; required then, "
                    + "as for a later escalation (400 TEXT_REQUIRED without it), recorded in the decision log")
            @Size(max = Texts.MAX_LENGTH) String severityReason,
            @NotNull @Valid Trigger trigger,
            @NotBlank @Size(max = Texts.MAX_LENGTH) String observedFailureMode,
            Instant detectedAt,
            @Schema(description = "Why a separate incident is needed while one of the same class and scope is open; "
                    + "without it such a declaration is refused with 409 INCIDENT_ALREADY_OPEN")
            @Size(max = Texts.MAX_LENGTH) String separateBecause) {
    }

    record Trigger(@NotNull TriggerSource.Kind kind, @NotBlank @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    /** Merged into what was stated: facts not named keep their value; UNKNOWN un-states a fact. */
    record Reassess(@Schema(description = IMPACT_FACTS + " Restated facts are merged into those already stated; "
            + "send UNKNOWN to un-state one.") @NotNull @Size(max = 16) Map<ImpactFact, ImpactFact.Value> impact) {
    }

    record SeverityChange(@NotNull Severity severity, @NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }

    record Completion(@NotBlank @Size(max = Texts.MAX_LENGTH) String evidence, Instant performedAt) {
    }

    record Waiver(@NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }

    /** Optional body of taking a role: why INCIDENT_OWNER passes from the person holding it to the caller. */
    record Handover(@Size(max = Texts.MAX_LENGTH) String handoverReason) {
    }

    record Decision(@NotBlank @Size(max = Texts.MAX_LENGTH) String decision, @NotBlank @Size(max = Texts.MAX_LENGTH) String rationale) {
    }

    record Closure(@NotBlank @Size(max = Texts.MAX_LENGTH) String postIncidentRecord) {
    }

    /**
     * One piece of the runbook's evidence, named by {@code field}. TIMESTAMP, SCOPE and
     * TRIGGER_SOURCE come from the declaration and OPERATOR_OR_OWNER from claiming a role, so only
     * these five are recorded here.
     */
    // named apart from the kill switch's Evidence: the contract names schemas by simple name
    @Schema(name = "IncidentEvidence", discriminatorProperty = "field", discriminatorMapping = {
            @DiscriminatorMapping(value = "OBSERVED_FAILURE_MODE", schema = Evidence.ObservedFailureMode.class),
            @DiscriminatorMapping(value = "CONTAINMENT_ACTION", schema = Evidence.ContainmentAction.class),
            @DiscriminatorMapping(value = "ROLLBACK_OR_KILL_SWITCH_ACTION", schema = Evidence.RollbackOrKillSwitchAction.class),
            @DiscriminatorMapping(value = "VERIFICATION_RESULT", schema = Evidence.VerificationResult.class),
            @DiscriminatorMapping(value = "FOLLOW_UP_REQUIREMENT", schema = Evidence.FollowUpRequirement.class)})
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "field")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Evidence.ObservedFailureMode.class, name = "OBSERVED_FAILURE_MODE"),
            @JsonSubTypes.Type(value = Evidence.ContainmentAction.class, name = "CONTAINMENT_ACTION"),
            @JsonSubTypes.Type(value = Evidence.RollbackOrKillSwitchAction.class, name = "ROLLBACK_OR_KILL_SWITCH_ACTION"),
            @JsonSubTypes.Type(value = Evidence.VerificationResult.class, name = "VERIFICATION_RESULT"),
            @JsonSubTypes.Type(value = Evidence.FollowUpRequirement.class, name = "FOLLOW_UP_REQUIREMENT")
    })
    sealed interface Evidence {

        record ObservedFailureMode(@NotBlank @Size(max = Texts.MAX_LENGTH) String observation) implements Evidence {
        }

        record ContainmentAction(@NotBlank @Size(max = Texts.MAX_LENGTH) String action, Instant performedAt) implements Evidence {
        }

        record RollbackOrKillSwitchAction(@NotNull InterventionKind kind, @Size(max = 256) String reference,
                                          @NotBlank @Size(max = Texts.MAX_LENGTH) String outcome) implements Evidence {
        }

        record VerificationResult(@NotNull VerificationOutcome outcome, @NotBlank @Size(max = Texts.MAX_LENGTH) String details,
                                  Instant verifiedAt) implements Evidence {
        }

        record FollowUpRequirement(@NotBlank @Size(max = Texts.MAX_LENGTH) String requirement, Instant dueBy) implements Evidence {
        }
    }
}
