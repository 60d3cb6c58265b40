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

    /**
     * Declares an incident.
     *
     * @param incidentClass the runbook's incident class; it picks the checklist the incident is worked through
     * @param scope where the incident is felt, written kind/id, e.g. locality/se-stockholm or country/se
     * @param impact the impact facts stated at declaration
     * @param severity an escalation above the derived severity
     * @param severityReason the reason for that escalation
     * @param trigger what raised the incident: an alert or a person's report
     * @param observedFailureMode what is seen failing, in the declarer's words; it is the first piece of evidence
     * @param detectedAt when the failure was first detected (UTC instant, ISO 8601); defaults to the moment of the request
     * @param separateBecause the reason for a second open incident of the same class and scope
     */
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

    /**
     * What raised the incident.
     *
     * @param kind ALERT for an alert, MANUAL for a person's report
     * @param detail the alert's name, or who reported what and where
     */
    record Trigger(@NotNull TriggerSource.Kind kind, @NotBlank @Size(max = Texts.MAX_LENGTH) String detail) {
    }

    /**
     * Merged into what was stated: facts not named keep their value; UNKNOWN un-states a fact.
     *
     * @param impact the facts restated
     */
    record Reassess(@Schema(description = IMPACT_FACTS + " Restated facts are merged into those already stated; "
            + "send UNKNOWN to un-state one.") @NotNull @Size(max = 16) Map<ImpactFact, ImpactFact.Value> impact) {
    }

    /**
     * Escalates or downgrades the incident's severity.
     *
     * @param severity the new severity, SEV1 (highest) to SEV3; a downgrade may not go below what the impact facts demand
     * @param reason why the severity changes; recorded in the decision log
     */
    record SeverityChange(@NotNull Severity severity, @NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }

    /**
     * Completes a checklist item.
     *
     * @param evidence what was done and what shows it, e.g. a command's output or a dashboard link
     * @param performedAt when the step was done (UTC instant, ISO 8601); defaults to the moment of the request
     */
    record Completion(@NotBlank @Size(max = Texts.MAX_LENGTH) String evidence, Instant performedAt) {
    }

    /**
     * Waives a checklist item that does not apply.
     *
     * @param reason why the item does not apply to this incident; recorded in the decision log
     */
    record Waiver(@NotBlank @Size(max = Texts.MAX_LENGTH) String reason) {
    }

    /**
     * Optional body of taking a role: why INCIDENT_OWNER passes from the person holding it to the caller.
     *
     * @param handoverReason why the role passes to the caller; required only when someone else holds it
     */
    record Handover(@Size(max = Texts.MAX_LENGTH) String handoverReason) {
    }

    /**
     * Records a decision in the incident's decision log.
     *
     * @param decision what was decided
     * @param rationale why, as the post-incident review should read it
     */
    record Decision(@NotBlank @Size(max = Texts.MAX_LENGTH) String decision, @NotBlank @Size(max = Texts.MAX_LENGTH) String rationale) {
    }

    /**
     * Closes the incident.
     *
     * @param postIncidentRecord where the post-incident record lives (a link or document reference) or its summary
     */
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

        /** @param observation what is seen failing, in the operator's words */
        record ObservedFailureMode(@NotBlank @Size(max = Texts.MAX_LENGTH) String observation) implements Evidence {
        }

        /**
         * @param action what was done to contain the impact
         * @param performedAt when it was done (UTC instant, ISO 8601); defaults to the moment of the request
         */
        record ContainmentAction(@NotBlank @Size(max = Texts.MAX_LENGTH) String action, Instant performedAt) implements Evidence {
        }

        /**
         * @param kind ROLLBACK, KILL_SWITCH, or NONE_USED to state explicitly that neither was used
         * @param reference the rollback's rebind id or the kill switch's id, when one was used
         * @param outcome what the action achieved, or why none was used
         */
        record RollbackOrKillSwitchAction(@NotNull InterventionKind kind, @Size(max = 256) String reference,
                                          @NotBlank @Size(max = Texts.MAX_LENGTH) String outcome) implements Evidence {
        }

        /**
         * @param outcome PASSED or FAILED: whether the fix was verified to hold
         * @param details how it was verified and what was seen
         * @param verifiedAt when it was verified (UTC instant, ISO 8601); defaults to the moment of the request
         */
        record VerificationResult(@NotNull VerificationOutcome outcome, @NotBlank @Size(max = Texts.MAX_LENGTH) String details,
                                  Instant verifiedAt) implements Evidence {
        }

        /**
         * @param requirement what must still be done after the incident, e.g. a fix or a runbook change
         * @param dueBy when it is due (UTC instant, ISO 8601); optional
         */
        record FollowUpRequirement(@NotBlank @Size(max = Texts.MAX_LENGTH) String requirement, Instant dueBy) implements Evidence {
        }
    }
}
