package org.binkindly.ledger.api.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.binkindly.ledger.api.consistency.NewIds;
import org.binkindly.ledger.api.incident.IncidentDeclarations;
import org.binkindly.ledger.api.incident.IncidentLookup;
import org.binkindly.ledger.api.killswitch.KillSwitchLookup;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ReportedTimes;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.incident.command.ClaimRole;
import org.binkindly.ledger.core.incident.command.CloseIncident;
import org.binkindly.ledger.core.incident.command.CompleteChecklistItem;
import org.binkindly.ledger.core.incident.command.DowngradeSeverity;
import org.binkindly.ledger.core.incident.command.EscalateSeverity;
import org.binkindly.ledger.core.incident.command.RecordContainmentAction;
import org.binkindly.ledger.core.incident.command.RecordDecision;
import org.binkindly.ledger.core.incident.command.RecordFollowUp;
import org.binkindly.ledger.core.incident.command.RecordIntervention;
import org.binkindly.ledger.core.incident.command.RecordObservedFailureMode;
import org.binkindly.ledger.core.incident.command.RecordVerification;
import org.binkindly.ledger.core.incident.command.RestateImpactFacts;
import org.binkindly.ledger.core.incident.command.WaiveChecklistItem;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.LaneChange;
import org.binkindly.ledger.core.killswitch.LocalityValidation;
import org.binkindly.ledger.core.killswitch.command.ActivateKillSwitch;
import org.binkindly.ledger.core.killswitch.command.ChangeLane;
import org.binkindly.ledger.core.killswitch.command.RecordCleanScheduledRun;
import org.binkindly.ledger.core.killswitch.command.RecordRollbackConfidence;
import org.binkindly.ledger.core.killswitch.command.RecordRuntimePolicyState;
import org.binkindly.ledger.core.killswitch.command.RecordTargetedValidation;
import org.binkindly.ledger.core.killswitch.command.ReleaseKillSwitch;
import org.binkindly.ledger.core.killswitch.command.RuleOutSilentDegrade;
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

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final IncidentDeclarations declarations;
    private final KillSwitchLookup killSwitches;

    ConsoleActions(CommandGateway commands, IncidentLookup incidents, ReportedTimes times, NewIds newIds,
                   IncidentDeclarations declarations, KillSwitchLookup killSwitches) {
        this.declarations = declarations;
        this.killSwitches = killSwitches;
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

    /**
     * A declaration from the form on {@code /console/incidents/new}, through the API's own declaration
     * (same checks, same command); refused, the form comes back with what was typed and the refusal.
     */
    @PostMapping(value = "/console/incidents", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String declare(@RequestParam Map<String, String> form, RedirectAttributes flash) {
        try {
            IncidentDeclarations.Declared declared = declarations.declare(new IncidentDeclarations.Declaration(
                    named(IncidentClass.class, form.get("incidentClass"), "incidentClass"),
                    Scope.parse(form.getOrDefault("scope", "").strip()),
                    impactFacts(form),
                    form.get("severity") == null || form.get("severity").isBlank() ? null
                            : named(Severity.class, form.get("severity"), "severity"),
                    blankToNull(form.get("severityReason")),
                    new TriggerSource(named(TriggerSource.Kind.class, form.get("triggerKind"), "trigger kind"),
                            form.get("triggerDetail")),
                    form.get("observedFailureMode"),
                    instantOf(form.get("detectedAt"), "detectedAt"),
                    blankToNull(form.get("separateBecause"))));
            flash.addFlashAttribute("done", "Incident " + declared.incidentId() + " declared.");
            return "redirect:/console/incidents/" + declared.incidentId();
        } catch (RuntimeException failure) {
            flash.addFlashAttribute("refusal", Refusal.of(failure).orElseThrow(() -> failure));
            Map<String, String> typed = new LinkedHashMap<>(form);
            typed.remove("_csrf");
            flash.addFlashAttribute("form", typed);
            return "redirect:/console/incidents/new";
        }
    }

    @PostMapping(value = "/console/incidents/{incidentId}/downgrades", produces = HTML)
    @PreAuthorize(Roles.OWN)
    String downgrade(@PathVariable IncidentId incidentId, @RequestParam(required = false) String severity,
                     @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return onIncident(incidentId, flash, "Severity lowered.",
                () -> new DowngradeSeverity(incidentId, named(Severity.class, severity, "severity"), reason));
    }

    /** Restated facts are merged into those already stated, as {@code POST /incidents/{id}/impact}: a fact left on "keep" is not sent. */
    @PostMapping(value = "/console/incidents/{incidentId}/impact", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String reassess(@PathVariable IncidentId incidentId, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return onIncident(incidentId, flash, "Impact facts restated.",
                () -> new RestateImpactFacts(incidentId, impactFacts(form)));
    }

    /** A kill switch on the scope (as {@code POST /kill-switches}); its page has the release checklist. */
    @PostMapping(value = "/console/scopes/{kind}/{id}/kill-switches", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String activateKillSwitch(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String switchKind,
                              @RequestParam(required = false) String reason, @RequestParam(required = false) String incidentId,
                              @RequestParam(defaultValue = "false") boolean drill, @RequestParam(required = false) String activatedAt,
                              RedirectAttributes flash) {
        Scope scope = Scope.parse(kind + "/" + id);
        try {
            IncidentId linked = incidentId == null || incidentId.isBlank() ? null : IncidentId.of(incidentId.strip());
            if (linked != null) {
                incidents.linkedFrom(linked, scope, "the kill switch");
            }
            KillSwitchKind killSwitchKind = named(KillSwitchKind.class, switchKind, "kind");
            Instant at = times.orNow(instantOf(activatedAt, "activatedAt"), "activatedAt");
            KillSwitchId killSwitchId = newIds.next("ks-", KillSwitchId::of, KillSwitchId::generate);
            commands.sendAndWait(new ActivateKillSwitch(killSwitchId, killSwitchKind, scope, reason, linked, drill, at));
            flash.addFlashAttribute("done", "Kill switch " + killSwitchId + " activated.");
            return "redirect:/console/kill-switches/" + killSwitchId;
        } catch (RuntimeException failure) {
            flash.addFlashAttribute("refusal", Refusal.of(failure).orElseThrow(() -> failure));
            return "redirect:/console/scopes/" + scope;
        }
    }

    @PostMapping(value = "/console/kill-switches/{killSwitchId}/lane-changes", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String changeLane(@PathVariable KillSwitchId killSwitchId, @RequestParam(required = false) String change,
                      @RequestParam(required = false) String detail, RedirectAttributes flash) {
        return onKillSwitch(killSwitchId, flash, "Lane change recorded.",
                () -> new ChangeLane(killSwitchId, named(LaneChange.class, change, "change"), detail));
    }

    @PostMapping(value = "/console/kill-switches/{killSwitchId}/silent-degrade-checks", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String ruleOutSilentDegrade(@PathVariable KillSwitchId killSwitchId, @RequestParam(required = false) String evidence,
                                RedirectAttributes flash) {
        return onKillSwitch(killSwitchId, flash, "Silent degrade ruled out.", () -> new RuleOutSilentDegrade(killSwitchId, evidence));
    }

    /** One line per locality: {@code locality PASSED|FAILED [note]}. */
    @PostMapping(value = "/console/kill-switches/{killSwitchId}/validations", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String validate(@PathVariable KillSwitchId killSwitchId, @RequestParam(required = false) String results,
                    RedirectAttributes flash) {
        return onKillSwitch(killSwitchId, flash, "Targeted validation recorded.",
                () -> new RecordTargetedValidation(killSwitchId, validationLines(results)));
    }

    @PostMapping(value = "/console/kill-switches/{killSwitchId}/policy-states", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String policyState(@PathVariable KillSwitchId killSwitchId, @RequestParam(required = false) String sorterMode,
                       @RequestParam(required = false) String riskState, @RequestParam(required = false) String allowedErrorCodes,
                       @RequestParam(required = false) String graduationCounters, RedirectAttributes flash) {
        return onKillSwitch(killSwitchId, flash, "Runtime policy state recorded.",
                () -> new RecordRuntimePolicyState(killSwitchId, sorterMode, riskState, listOf(allowedErrorCodes),
                        countersOf(graduationCounters)));
    }

    @PostMapping(value = "/console/kill-switches/{killSwitchId}/clean-runs", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String cleanRun(@PathVariable KillSwitchId killSwitchId, @RequestParam(required = false) String runReference,
                    @RequestParam(required = false) String completedAt, @RequestParam(required = false) String evidence,
                    RedirectAttributes flash) {
        return onKillSwitch(killSwitchId, flash, "Clean scheduled run recorded.",
                () -> new RecordCleanScheduledRun(killSwitchId, runReference,
                        times.orNow(instantOf(completedAt, "completedAt"), "completedAt"), evidence));
    }

    @PostMapping(value = "/console/kill-switches/{killSwitchId}/rollback-confidence", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String rollbackConfidence(@PathVariable KillSwitchId killSwitchId, @RequestParam(required = false) String evidence,
                              @RequestParam(required = false) String rebindReference, RedirectAttributes flash) {
        return onKillSwitch(killSwitchId, flash, "Rollback confidence recorded.",
                () -> new RecordRollbackConfidence(killSwitchId, evidence, blankToNull(rebindReference),
                        killSwitches.referencedRebind(rebindReference)));
    }

    @PostMapping(value = "/console/kill-switches/{killSwitchId}/release", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String release(@PathVariable KillSwitchId killSwitchId, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return onKillSwitch(killSwitchId, flash, "Kill switch released.", () -> new ReleaseKillSwitch(killSwitchId, reason));
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

    /** Sends the command to a kill switch the log holds and returns to the switch's page. */
    private String onKillSwitch(KillSwitchId killSwitchId, RedirectAttributes flash, String done, Supplier<Object> command) {
        String page = "redirect:/console/kill-switches/" + killSwitchId;
        try {
            killSwitches.requireStored(killSwitchId);
            commands.sendAndWait(command.get());
            flash.addFlashAttribute("done", done);
        } catch (RuntimeException failure) {
            flash.addFlashAttribute("refusal", Refusal.of(failure).orElseThrow(() -> failure));
        }
        return page;
    }

    /**
     * The impact facts the form states, from fields named {@code impact.<FACT>} holding YES, NO or UNKNOWN.
     * A field left blank ("keep") is not sent, as a fact left out of the API's body: at a restatement it
     * keeps its value (the merge), at a declaration it is not known.
     */
    private static Map<ImpactFact, ImpactFact.Value> impactFacts(Map<String, String> form) {
        Map<ImpactFact, ImpactFact.Value> stated = new EnumMap<>(ImpactFact.class);
        for (ImpactFact fact : ImpactFact.values()) {
            String value = form.get("impact." + fact.name());
            if (value == null || value.isBlank()) {
                continue;
            }
            stated.put(fact, named(ImpactFact.Value.class, value, fact.name()));
        }
        return stated;
    }

    private static List<LocalityValidation> validationLines(String lines) {
        List<LocalityValidation> results = new ArrayList<>();
        for (String line : (lines == null ? "" : lines).split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+", 3);
            if (parts.length < 2) {
                throw new ApiException(ApiProblem.VALIDATION_FAILED,
                        "'%s': each line is a locality, PASSED or FAILED, and an optional note".formatted(line.strip()));
            }
            results.add(new LocalityValidation(parts[0], named(LocalityValidation.Outcome.class, parts[1], "outcome"),
                    parts.length > 2 ? parts[2] : null));
        }
        return results;
    }

    private static List<String> listOf(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /** {@code name=count} pairs, comma-separated, as the API's graduationCounters object. */
    private static Map<String, Integer> countersOf(String pairs) {
        Map<String, Integer> counters = new LinkedHashMap<>();
        for (String pair : listOf(pairs)) {
            int equals = pair.indexOf('=');
            try {
                if (equals < 1) {
                    throw new NumberFormatException();
                }
                counters.put(pair.substring(0, equals).strip(), Integer.valueOf(pair.substring(equals + 1).strip()));
            } catch (NumberFormatException notACounter) {
                throw new ApiException(ApiProblem.INVALID_VALUE,
                        "graduation counters: '%s' is not name=count".formatted(pair));
            }
        }
        return counters;
    }

    /** An instant typed as ISO-8601 ({@code 2026-12-03T20:00:00Z}) or picked as a date and time, taken as UTC; blank: none. */
    static Instant instantOf(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                throw new ApiException(ApiProblem.INVALID_VALUE,
                        "%s: '%s' is not an instant, e.g. 2026-12-03T20:00:00Z".formatted(what, value));
            }
        }
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
