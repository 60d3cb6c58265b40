package org.binkindly.ledger.api.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.binkindly.ledger.api.consistency.NewIds;
import org.binkindly.ledger.api.incident.IncidentLookup;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ReportedTimes;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.incident.command.ClaimRole;
import org.binkindly.ledger.core.incident.command.CloseIncident;
import org.binkindly.ledger.core.incident.command.CompleteChecklistItem;
import org.binkindly.ledger.core.incident.command.EscalateSeverity;
import org.binkindly.ledger.core.incident.command.RecordContainmentAction;
import org.binkindly.ledger.core.incident.command.RecordDecision;
import org.binkindly.ledger.core.incident.command.RecordFollowUp;
import org.binkindly.ledger.core.incident.command.RecordIntervention;
import org.binkindly.ledger.core.incident.command.RecordObservedFailureMode;
import org.binkindly.ledger.core.incident.command.RecordVerification;
import org.binkindly.ledger.core.incident.command.WaiveChecklistItem;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.command.StartRebind;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The console's forms: each sends the command its API endpoint sends, under the endpoint's
 * {@code @PreAuthorize} rule, and answers with the page again (post, redirect, get); a refusal
 * comes back on that page with the API's code and {@code missing} list.
 */
@Controller
@Hidden
class ConsoleActions {

    /** Checklist item ids as the runbook map names them, as the API checks them. */
    private static final String ITEM_ID = "[A-Z0-9_]{1,64}";
    private static final String HTML = MediaType.TEXT_HTML_VALUE;

    private final CommandGateway commands;
    private final IncidentLookup incidents;
    private final ReportedTimes times;
    private final NewIds newIds;

    ConsoleActions(CommandGateway commands, IncidentLookup incidents, ReportedTimes times, NewIds newIds) {
        this.commands = commands;
        this.incidents = incidents;
        this.times = times;
        this.newIds = newIds;
    }

    @PostMapping(value = "/console/incidents/{incidentId}/roles/{role}", produces = HTML)
    @PreAuthorize(Roles.TAKE_INCIDENT_ROLE)
    String claimRole(@PathVariable IncidentId incidentId, @PathVariable IncidentRole role,
                     @RequestParam(required = false) String handoverReason, RedirectAttributes flash) {
        return onIncident(incidentId, flash, "You hold " + role + ".",
                () -> new ClaimRole(incidentId, role, blankToNull(handoverReason)));
    }

    @PostMapping(value = "/console/incidents/{incidentId}/evidence/{field}", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String recordEvidence(@PathVariable IncidentId incidentId, @PathVariable String field,
                          @RequestParam(required = false) String text, @RequestParam(required = false) String kind,
                          @RequestParam(required = false) String reference, @RequestParam(required = false) String outcome,
                          RedirectAttributes flash) {
        return onIncident(incidentId, flash, field + " recorded.", () -> switch (field) {
            case "OBSERVED_FAILURE_MODE" -> new RecordObservedFailureMode(incidentId, text);
            case "CONTAINMENT_ACTION" -> new RecordContainmentAction(incidentId, text, times.orNow(null, "performedAt"));
            case "ROLLBACK_OR_KILL_SWITCH_ACTION" -> new RecordIntervention(incidentId, named(InterventionKind.class, kind, "kind"),
                    blankToNull(reference), text);
            case "VERIFICATION_RESULT" -> new RecordVerification(incidentId, named(VerificationOutcome.class, outcome, "outcome"),
                    text, times.orNow(null, "verifiedAt"));
            case "FOLLOW_UP_REQUIREMENT" -> new RecordFollowUp(incidentId, text, null);
            default -> throw new ApiException(ApiProblem.INVALID_VALUE, "'%s' is not an evidence field recorded here; one of "
                    + "OBSERVED_FAILURE_MODE, CONTAINMENT_ACTION, ROLLBACK_OR_KILL_SWITCH_ACTION, VERIFICATION_RESULT, "
                    + "FOLLOW_UP_REQUIREMENT".formatted(field));
        });
    }

    @PostMapping(value = "/console/incidents/{incidentId}/checklist/{itemId}/completion", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String complete(@PathVariable IncidentId incidentId, @PathVariable String itemId, @RequestParam(required = false) String evidence,
                    RedirectAttributes flash) {
        return onIncident(incidentId, flash, itemId + " completed.",
                () -> new CompleteChecklistItem(incidentId, itemId(itemId), evidence, times.orNow(null, "performedAt")));
    }

    @PostMapping(value = "/console/incidents/{incidentId}/checklist/{itemId}/waiver", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String waive(@PathVariable IncidentId incidentId, @PathVariable String itemId, @RequestParam(required = false) String reason,
                 RedirectAttributes flash) {
        return onIncident(incidentId, flash, itemId + " waived.", () -> new WaiveChecklistItem(incidentId, itemId(itemId), reason));
    }

    @PostMapping(value = "/console/incidents/{incidentId}/escalations", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String escalate(@PathVariable IncidentId incidentId, @RequestParam(required = false) String severity,
                    @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return onIncident(incidentId, flash, "Severity raised.",
                () -> new EscalateSeverity(incidentId, named(Severity.class, severity, "severity"), reason));
    }

    @PostMapping(value = "/console/incidents/{incidentId}/decisions", produces = HTML)
    @PreAuthorize(Roles.OWN)
    String decide(@PathVariable IncidentId incidentId, @RequestParam(required = false) String decision,
                  @RequestParam(required = false) String rationale, RedirectAttributes flash) {
        return onIncident(incidentId, flash, "Decision recorded.", () -> new RecordDecision(incidentId, decision, rationale));
    }

    @PostMapping(value = "/console/incidents/{incidentId}/closure", produces = HTML)
    @PreAuthorize(Roles.OWN)
    String close(@PathVariable IncidentId incidentId, @RequestParam(required = false) String postIncidentRecord,
                 RedirectAttributes flash) {
        return onIncident(incidentId, flash, "Incident closed.", () -> new CloseIncident(incidentId, postIncidentRecord));
    }

    /** A rollback drill of the scope (automatic mode, as {@code POST /rebinds} with drill=true); its steps appear on the page. */
    @PostMapping(value = "/console/scopes/{kind}/{id}/drills", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String startDrill(@PathVariable String kind, @PathVariable String id, RedirectAttributes flash) {
        Scope scope = Scope.parse(kind + "/" + id);
        String page = "redirect:/console/scopes/" + scope;
        try {
            RebindId rebindId = newIds.next("rb-", RebindId::of, RebindId::generate);
            commands.sendAndWait(new StartRebind(rebindId, scope, null, null, true, RebindMode.AUTOMATIC,
                    times.orNow(null, "badPublishConfirmedAt")));
            flash.addFlashAttribute("done", "Drill " + rebindId + " started.");
        } catch (RuntimeException failure) {
            flash.addFlashAttribute("refusal", Refusal.of(failure).orElseThrow(() -> failure));
        }
        return page;
    }

    /** Sends the command the supplier builds (building it may itself refuse) and returns to the incident's page. */
    private String onIncident(IncidentId incidentId, RedirectAttributes flash, String done, Supplier<Object> command) {
        String page = "redirect:/console/incidents/" + incidentId;
        try {
            incidents.requireExists(incidentId);
            commands.sendAndWait(command.get());
            flash.addFlashAttribute("done", done);
        } catch (RuntimeException failure) {
            flash.addFlashAttribute("refusal", Refusal.of(failure).orElseThrow(() -> failure));
        }
        return page;
    }

    private static String itemId(String itemId) {
        if (itemId == null || !itemId.matches(ITEM_ID)) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "itemId is not a checklist item id");
        }
        return itemId;
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ApiException(ApiProblem.INVALID_VALUE, "%s: '%s' is not valid; one of %s".formatted(what, value,
                    java.util.Arrays.toString(type.getEnumConstants())));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
