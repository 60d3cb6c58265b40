package org.binkindly.ledger.api.review;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.launch.BuildChecksumArchived;
import org.binkindly.ledger.core.launch.FirstPublishValidated;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.LaunchState;
import org.binkindly.ledger.core.launch.LiveAppFetchProbed;
import org.binkindly.ledger.core.launch.ProductionConfigVerified;
import org.binkindly.ledger.core.launch.SignOffArea;
import org.binkindly.ledger.projections.launch.FindLaunch;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.binkindly.ledger.projections.launch.LaunchView;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.KillSwitchState;
import org.binkindly.ledger.core.killswitch.LocalityValidation;
import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.incident.FindIncident;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.killswitch.ListKillSwitches;
import org.binkindly.ledger.projections.rebind.ListRebinds;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.rebind.RebindView;
import org.binkindly.ledger.projections.support.Provenance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runbook's evidence records, pre-filled from the ledger's views of the log: the rollback
 * drill, the AI kill-switch activation, and the bad-pack kill switch with its manifest rebind. Each
 * item says what the log holds and where (who, when, the event's position in the audit stream),
 * or that it is missing. Launch-day production validation is not recorded by this ledger yet.
 */
@Component
public class EvidenceRecords {

    /** The runbook's four records, by the names of its evidence folders. */
    public enum Kind {
        ROLLBACK_DRILL("rollback-drill", "Rollback drill", "ops:rollback-record"),
        AI_KILL_SWITCH_ACTIVATION("ai-kill-switch-activation", "AI kill-switch activation", "ops:ai-kill-switch-record"),
        BAD_PACK_KILL_SWITCH_MANIFEST_REBIND("bad-pack-kill-switch-manifest-rebind", "Bad-pack kill switch and manifest rebind",
                "ops:bad-pack-rebind-record"),
        LAUNCH_DAY_PRODUCTION_VALIDATION("launch-day-production-validation", "Launch-day production validation",
                "ops:launch-day-record");

        private final String path;
        private final String title;
        private final String runbookCommand;

        Kind(String path, String title, String runbookCommand) {
            this.path = path;
            this.title = title;
            this.runbookCommand = runbookCommand;
        }

        public String path() {
            return path;
        }

        public String title() {
            return title;
        }

        public String runbookCommand() {
            return runbookCommand;
        }

        public static Optional<Kind> byPath(String path) {
            for (Kind kind : values()) {
                if (kind.path.equals(path)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** How a record is selected: the runbook command's own options. */
    public record Selection(Scope scope, List<String> validationLocalities, String appBuild) {
    }

    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public EvidenceRecords(QueryGateway queries, ViewFreshness freshness, JdbcTemplate jdbc, Clock clock) {
        this.queries = queries;
        this.freshness = freshness;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public EvidenceRecord render(Kind kind, Selection selection) {
        return switch (kind) {
            case ROLLBACK_DRILL -> rollbackDrill(selection);
            case AI_KILL_SWITCH_ACTIVATION -> aiKillSwitch(selection);
            case BAD_PACK_KILL_SWITCH_MANIFEST_REBIND -> badPackRebind(selection);
            case LAUNCH_DAY_PRODUCTION_VALIDATION -> launchDay(selection);
        };
    }

    // --- launch-day production validation (runbook: Launch-day production validation) -------------

    private EvidenceRecord launchDay(Selection selection) {
        if (selection.appBuild() == null) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "app-build is required for the launch-day record");
        }
        Long logPosition = logPosition();
        LaunchId launchId = new LaunchId(selection.scope(), selection.appBuild());
        freshness.awaitCaughtUp(LaunchProjector.PROCESSING_GROUP);
        LaunchView launch = queries.query(new FindLaunch(launchId), ResponseTypes.optionalInstanceOf(LaunchView.class))
                .join().orElse(null);
        Map<String, List<Long>> at = launch == null ? Map.of() : positions(launchId.toString());
        ProductionConfigVerified config = launch == null ? null : launch.productionConfig();
        FirstPublishValidated publish = launch == null ? null : launch.firstPublish();
        LiveAppFetchProbed fetch = launch == null ? null : launch.liveAppFetch();
        BuildChecksumArchived checksum = launch == null ? null : launch.buildChecksum();
        List<EvidenceRecord.Item> validation = List.of(
                item("PRODUCTION_CONFIG", "Production config verified: API endpoints, auth keys (presence only), environment "
                        + "flags, kill-switch defaults", config == null ? null : (config.passed() ? "passed: " : "FAILED: ")
                        + "endpoints " + config.apiEndpoints() + ", auth keys present " + config.authKeysPresent().keySet()
                        + ", flags " + config.environmentFlags().keySet() + ", kill-switch defaults " + config.killSwitchDefaults()
                        + (config.problems().isEmpty() ? "" : "; problems: " + String.join("; ", config.problems())),
                        logged(at, "ProductionConfigVerified")),
                item("FIRST_PUBLISH", "First publish job completes and is validated", publish == null ? null
                        : "%s manifest %s (sha256 %s), pack sha256 declared %s, read back %s%s".formatted(
                        publish.passed() ? "passed:" : "FAILED:", publish.manifestId(), publish.manifestSha256(),
                        publish.packSha256Declared(), publish.packSha256Actual(),
                        publish.detail() == null ? "" : "; " + publish.detail()), logged(at, "FirstPublishValidated")),
                item("LIVE_APP_FETCH", "Live app fetch resolves manifest and pack", fetch == null ? null
                        : (fetch.passed() ? "passed: " : "FAILED: ") + fetch.probes().stream()
                        .map(probe -> "%s %s answered %d".formatted(probe.target(), probe.url(), probe.status()))
                        .collect(Collectors.joining("; ")), logged(at, "LiveAppFetchProbed")),
                item("BUILD_CHECKSUM", "Final release build checksum archived", checksum == null ? null
                        : "%s sha256 %s%s".formatted(checksum.artifact(), checksum.sha256(),
                        checksum.location() == null ? "" : " at " + checksum.location()), logged(at, "BuildChecksumArchived")));
        List<EvidenceRecord.Item> signOffs = Arrays.stream(SignOffArea.values())
                .map(area -> {
                    LaunchState.SignOff signOff = launch == null ? null : launch.signOffs().get(area);
                    return item("SIGN_OFF_" + area.name(), "Sign-off: " + area.name().toLowerCase(Locale.ROOT),
                            signOff == null ? null : "signed by %s at %s".formatted(signOff.signer(), signOff.signedAt()),
                            logged(at, "LaunchSignedOff"));
                })
                .toList();
        String outcome = launch == null ? "NOTHING_RECORDED" : launch.completed() ? "LAUNCHED"
                : launch.validated() ? "VALIDATED" : "IN_PROGRESS";
        Map<String, String> options = options(selection, false);
        options.put("app-build", selection.appBuild());
        return EvidenceRecord.of(Kind.LAUNCH_DAY_PRODUCTION_VALIDATION.path(), Kind.LAUNCH_DAY_PRODUCTION_VALIDATION.title(),
                selection.scope(), options, clock.instant(), logPosition,
                launch == null ? null : "launch of app build %s for %s".formatted(selection.appBuild(), selection.scope()), outcome,
                List.of(new EvidenceRecord.Section("Launch-day validation", validation),
                        new EvidenceRecord.Section("Sign-off", signOffs)));
    }

    // --- rollback drill (runbook: Rollback checklist, Rollback objective) ------------------------

    private EvidenceRecord rollbackDrill(Selection selection) {
        Long logPosition = logPosition();
        Optional<RebindView.Rebind> drill = rebinds(selection.scope()).stream().map(RebindView::rebind).filter(RebindView.Rebind::drill).findFirst();
        List<EvidenceRecord.Section> sections = new ArrayList<>();
        RebindView.Rebind rebind = drill.orElse(null);
        Map<String, List<Long>> at = rebind == null ? Map.of() : positions(rebind.rebindId().value());
        sections.add(new EvidenceRecord.Section("Rollback checklist", checklist(rebind, at, "drill record")));
        sections.add(new EvidenceRecord.Section("Where needed", List.of(overlay(rebind))));
        sections.add(new EvidenceRecord.Section("Rollback objective", objective(rebind, at)));
        return EvidenceRecord.of(Kind.ROLLBACK_DRILL.path(), Kind.ROLLBACK_DRILL.title(), selection.scope(), options(selection, false),
                clock.instant(), logPosition, rebind == null ? null : describe(rebind), rebindOutcome(rebind), sections);
    }

    private List<EvidenceRecord.Item> checklist(RebindView.Rebind rebind, Map<String, List<Long>> at, String finalRecord) {
        List<EvidenceRecord.Item> items = new ArrayList<>();
        items.add(item("STEP_1_IDENTIFY_SCOPE", "1. Identify affected locality or baseline scope (incident record)",
                rebind == null ? null : rebind.scope() + (rebind.incidentId() == null ? "" : ", incident " + rebind.incidentId()),
                rebind == null ? null : by(rebind.started()) + logged(at, "RebindStarted")));
        StoredManifest target = rebind == null ? null : rebind.target();
        items.add(item("STEP_2_MANIFEST_PROBE", "2. Confirm current active manifest and last known good target (manifest probe)",
                target == null ? null : "active " + manifest(rebind.activeBefore()) + "; target " + manifest(target),
                target == null ? null : by(rebind.probed()) + logged(at, "ManifestProbed")));
        RebindView.Write write = rebind == null ? null : rebind.write();
        items.add(item("STEP_3_REBIND", "3. Rebind or restore active manifest to last known good (publisher response and audit event)",
                write == null ? null : "wrote %s (sha256 %s); storage answered ETag %s%s".formatted(write.manifestId(),
                        write.manifestSha256(), write.etag(), write.versionId() == null ? "" : ", version " + write.versionId()),
                write == null ? null : by(write.provenance()) + logged(at, "ActiveManifestRebound")));
        RebindView.Integrity integrity = rebind == null ? null : rebind.integrity();
        items.add(item("STEP_4_CHECKSUMS", "4. Confirm manifest checksum and pack checksum alignment (readback verification)",
                integrity == null ? null : "manifest sha256 %s and pack sha256 %s (%d bytes) read back as declared".formatted(
                        integrity.manifestSha256(), integrity.packSha256(), integrity.packBytes()),
                integrity == null ? null : by(integrity.provenance()) + logged(at, "IntegrityConfirmed")));
        List<ResolutionProbe> probes = rebind == null ? List.of() : rebind.probes();
        items.add(item("STEP_5_PROBES", "5. Probe resolver and rules API for affected scope (post-rollback probe log)",
                probes.isEmpty() ? null : probes.stream().map(probe -> "%s %s answered %d in %d ms: %s".formatted(probe.target(),
                        probe.url(), probe.status(), probe.latencyMillis(), probe.passed() ? "passed" : "FAILED"))
                        .collect(Collectors.joining("; ")),
                probes.isEmpty() ? null : "probe log" + logged(at, "ResolutionProbed")));
        items.add(item("STEP_6_OBJECTIVE_OUTCOME", "6. Capture timestamps and outcome against rollback objective (" + finalRecord + ")",
                outcomeText(rebind), rebind == null || outcomeText(rebind) == null ? null
                        : "bad publish confirmed at " + rebind.badPublishConfirmedAt()
                        + logged(at, rebind.completion() != null ? "RebindCompleted" : "RebindFailed")));
        return items;
    }

    private static String outcomeText(RebindView.Rebind rebind) {
        if (rebind == null) {
            return null;
        }
        if (rebind.completion() != null) {
            RebindView.Completion done = rebind.completion();
            return "restored at %s, %d s after confirmation (objective %d min: %s); integrity confirmed at %s, %d s (objective %d min: %s)"
                    .formatted(done.restoredAt(), done.restoreSeconds(), Objective.RESTORE.within().toMinutes(),
                            done.restoreObjectiveMet() ? "met" : "MISSED", done.verifiedAt(), done.integritySeconds(),
                            Objective.INTEGRITY.within().toMinutes(), done.integrityObjectiveMet() ? "met" : "MISSED");
        }
        if (rebind.failure() != null) {
            return "FAILED at %s: %s".formatted(rebind.failure().step(), rebind.failure().reason());
        }
        return null;
    }

    private static EvidenceRecord.Item overlay(RebindView.Rebind rebind) {
        return new EvidenceRecord.Item("OVERLAY_DISABLED", "Disable the scope's locality overlay and serve baseline-only (if needed)",
                rebind == null || rebind.overlayDisabled() == null ? null : "disabled: " + rebind.overlayReason(),
                rebind == null || rebind.overlayDisabled() == null ? null : by(rebind.overlayDisabled()), false);
    }

    private static List<EvidenceRecord.Item> objective(RebindView.Rebind rebind, Map<String, List<Long>> at) {
        String breaches = rebind == null ? null : rebind.breaches().isEmpty() ? "none" : rebind.breaches().entrySet().stream()
                .map(breach -> "%s deadline %s passed".formatted(breach.getKey(), breach.getValue()))
                .collect(Collectors.joining("; "));
        return List.of(
                new EvidenceRecord.Item("OBJECTIVE", "Objective: safe active manifest within %d minutes of a confirmed bad publish; "
                        .formatted(Objective.RESTORE.within().toMinutes()) + "integrity confirmed within %d minutes"
                        .formatted(Objective.INTEGRITY.within().toMinutes()),
                        rebind == null ? null : "deadlines %s and %s".formatted(rebind.restoreDeadline(), rebind.integrityDeadline()),
                        rebind == null ? null : "set when the rebind started" + logged(at, "RebindStarted"), true),
                new EvidenceRecord.Item("OBJECTIVE_BREACHES", "Objective breaches recorded", breaches,
                        breaches == null || rebind.breaches().isEmpty() ? null : "deadline timers" + logged(at, "ObjectiveBreached"), false));
    }

    private static String rebindOutcome(RebindView.Rebind rebind) {
        if (rebind == null) {
            return "NOTHING_RECORDED";
        }
        if (rebind.completion() != null) {
            return rebind.completion().restoreObjectiveMet() && rebind.completion().integrityObjectiveMet()
                    ? "OBJECTIVE_MET" : "OBJECTIVE_MISSED";
        }
        return rebind.failure() != null ? "FAILED" : "IN_PROGRESS";
    }

    // --- AI kill switch (runbook: AI kill switch) -------------------------------------------------

    private EvidenceRecord aiKillSwitch(Selection selection) {
        Long logPosition = logPosition();
        KillSwitchView view = killSwitches(selection.scope()).stream().filter(s -> s.kind() == KillSwitchKind.AI_LANE).findFirst().orElse(null);
        Map<String, List<Long>> at = view == null ? Map.of() : positions(view.killSwitchId().value());
        List<EvidenceRecord.Section> sections = new ArrayList<>();
        sections.add(new EvidenceRecord.Section("Record", List.of(
                item("REASON", "Reason", view == null ? null : view.reason(), view == null ? null : by(view.activated()) + logged(at, "KillSwitchActivated")),
                item("SCOPE", "Scope", view == null ? null : view.scope().toString(), null),
                item("ACTIVATION_TIME", "Activation time", view == null ? null : view.activatedAt().toString()
                        + (view.drill() ? " (drill)" : ""), view == null ? null : by(view.activated())),
                item("VALIDATION_RESULT", "Validation result", validationSummary(view, selection), view == null ? null
                        : logged(at, "TargetedValidationRecorded").replaceFirst("^, ", "")))));
        List<EvidenceRecord.Item> actions = new ArrayList<>();
        actions.add(item("FREEZE_GRADUATION", "Freeze graduation decisions for affected scope",
                view == null ? null : "frozen from " + view.activatedAt() + (view.active() ? "" : " until released"), null));
        KillSwitchState.LaneChangeEntry lane = view == null || view.laneChanges().isEmpty() ? null
                : view.laneChanges().get(view.laneChanges().size() - 1);
        actions.add(item("DISABLE_OR_NARROW_LANE", "Disable or narrow the relevant AI lane",
                lane == null ? null : lane.change() + ": " + lane.detail(), lane == null ? null : by(lane.provenance()) + logged(at, "LaneChanged")));
        KillSwitchState.Entry degrade = view == null || view.silentDegradeChecks().isEmpty() ? null : view.silentDegradeChecks().get(0);
        actions.add(item("NO_SILENT_DEGRADE", "Confirm no unsupported silent degrade has been introduced",
                degrade == null ? null : degrade.text(), degrade == null ? null : by(degrade.provenance()) + logged(at, "SilentDegradeRuledOut")));
        sections.add(new EvidenceRecord.Section("Actions", actions));
        sections.add(new EvidenceRecord.Section("Targeted validation on a representative locality set", validations(view, selection, at)));
        sections.add(new EvidenceRecord.Section("Closure: re-enabled only after clean scheduled evidence and rollback confidence", List.of(
                optional("CLEAN_SCHEDULED_RUN", "Clean scheduled run", view == null || view.cleanRuns().isEmpty() ? null
                        : view.cleanRuns().stream().map(run -> run.runReference() + " at " + run.completedAt()).collect(Collectors.joining("; "))),
                optional("ROLLBACK_CONFIDENCE", "Rollback confidence", view == null || view.rollbackConfidence().isEmpty() ? null
                        : view.rollbackConfidence().get(0).evidence()),
                optional("RELEASED", "Lane re-enabled", view == null || view.release() == null ? null
                        : view.release().text() + " (" + by(view.release().provenance()) + ")"))));
        String outcome = view == null ? "NOTHING_RECORDED" : view.active() ? "ACTIVE" : "RELEASED";
        return EvidenceRecord.of(Kind.AI_KILL_SWITCH_ACTIVATION.path(), Kind.AI_KILL_SWITCH_ACTIVATION.title(), selection.scope(),
                options(selection, true), clock.instant(), logPosition,
                view == null ? null : "kill switch " + view.killSwitchId() + (view.drill() ? " (drill)" : ""), outcome, sections);
    }

    /** The localities asked for (the command's list, or else those validated), each with its latest result. */
    private static List<EvidenceRecord.Item> validations(KillSwitchView view, Selection selection, Map<String, List<Long>> at) {
        Map<String, LocalityValidation> latest = latestValidations(view);
        List<String> localities = selection.validationLocalities().isEmpty() ? List.copyOf(latest.keySet()) : selection.validationLocalities();
        List<EvidenceRecord.Item> items = new ArrayList<>();
        if (localities.isEmpty()) {
            items.add(item("VALIDATION", "Representative localities validated", null, null));
        }
        for (String locality : localities) {
            LocalityValidation result = latest.get(locality);
            items.add(item("VALIDATION/" + locality, locality, result == null ? null
                    : result.outcome() + (result.note() == null ? "" : ": " + result.note()), result == null ? null
                    : logged(at, "TargetedValidationRecorded").replaceFirst("^, ", "")));
        }
        return items;
    }

    private static Map<String, LocalityValidation> latestValidations(KillSwitchView view) {
        Map<String, LocalityValidation> latest = new LinkedHashMap<>();
        if (view != null) {
            view.validations().forEach(run -> run.results().forEach(result -> latest.put(result.locality(), result)));
        }
        return latest;
    }

    private static String validationSummary(KillSwitchView view, Selection selection) {
        Map<String, LocalityValidation> latest = latestValidations(view);
        List<String> asked = selection.validationLocalities().isEmpty() ? List.copyOf(latest.keySet()) : selection.validationLocalities();
        if (asked.isEmpty() || !latest.keySet().containsAll(asked)) {
            return null;
        }
        List<String> failed = asked.stream().filter(locality -> latest.get(locality).outcome() != LocalityValidation.Outcome.PASSED).toList();
        return failed.isEmpty() ? "PASSED for all %d localities".formatted(asked.size())
                : "FAILED for " + String.join(", ", failed) + " of " + asked.size() + " localities";
    }

    // --- bad-pack kill switch and manifest rebind (runbook: bad-pack emergency kill switch) -------

    private EvidenceRecord badPackRebind(Selection selection) {
        Long logPosition = logPosition();
        KillSwitchView view = killSwitches(selection.scope()).stream().filter(s -> s.kind() == KillSwitchKind.BAD_PACK).findFirst().orElse(null);
        List<RebindView.Rebind> rebinds = rebinds(selection.scope()).stream().map(RebindView::rebind)
                .filter(rebind -> view == null || rebind.drill() == view.drill()).toList();
        // The rebind of the switch's incident if there is one, else the scope's latest.
        RebindView.Rebind rebind = rebinds.stream().filter(r -> view != null && view.incidentId() != null
                && view.incidentId().equals(r.incidentId())).findFirst().orElse(rebinds.isEmpty() ? null : rebinds.get(0));
        Map<String, List<Long>> switchAt = view == null ? Map.of() : positions(view.killSwitchId().value());
        Map<String, List<Long>> rebindAt = rebind == null ? Map.of() : positions(rebind.rebindId().value());
        List<EvidenceRecord.Section> sections = new ArrayList<>();
        sections.add(new EvidenceRecord.Section("Kill switch", List.of(
                item("KILL_SWITCH", "Bad-pack kill switch activated", view == null ? null : "%s for %s%s: %s".formatted(view.killSwitchId(),
                        view.scope(), view.drill() ? " (drill)" : "", view.reason()),
                        view == null ? null : by(view.activated()) + logged(switchAt, "KillSwitchActivated")))));
        List<EvidenceRecord.Item> actions = new ArrayList<>();
        RebindView.Write write = rebind == null ? null : rebind.write();
        actions.add(item("ROLLBACK_TO_LKG", "Roll back active manifest to last known good pack",
                write == null ? null : "rebind %s wrote %s; storage answered ETag %s".formatted(rebind.rebindId(), write.manifestId(), write.etag()),
                write == null ? null : by(write.provenance()) + logged(rebindAt, "ActiveManifestRebound")));
        actions.add(overlay(rebind));
        RebindView.Integrity integrity = rebind == null ? null : rebind.integrity();
        actions.add(item("CHECKSUMS", "Confirm pack checksum and manifest integrity",
                integrity == null ? null : "manifest %s, pack %s read back as declared".formatted(integrity.manifestSha256(), integrity.packSha256()),
                integrity == null ? null : by(integrity.provenance()) + logged(rebindAt, "IntegrityConfirmed")));
        List<ResolutionProbe> probes = rebind == null ? List.of() : rebind.probes();
        actions.add(item("PROBE_AFTER_CONTAINMENT", "Probe manifest resolution and pack read path after containment",
                probes.isEmpty() ? null : probes.stream().map(probe -> "%s %d %s".formatted(probe.target(), probe.status(),
                        probe.passed() ? "passed" : "FAILED")).collect(Collectors.joining("; ")),
                probes.isEmpty() ? null : "probe log" + logged(rebindAt, "ResolutionProbed")));
        actions.add(preservedEvidence(view, rebind));
        sections.add(new EvidenceRecord.Section("Primary actions", actions));
        sections.add(new EvidenceRecord.Section("Closure: active user-facing truth restored to safe state within objective", List.of(
                item("RESTORED_WITHIN_OBJECTIVE", "Restored within objective", rebind == null || rebind.completion() == null ? null
                        : outcomeText(rebind), rebind == null || rebind.completion() == null ? null : logged(rebindAt, "RebindCompleted")
                        .replaceFirst("^, ", "")))));
        String subject = view == null && rebind == null ? null : (view == null ? "no kill switch" : "kill switch " + view.killSwitchId())
                + (rebind == null ? ", no rebind" : ", rebind " + rebind.rebindId());
        return EvidenceRecord.of(Kind.BAD_PACK_KILL_SWITCH_MANIFEST_REBIND.path(), Kind.BAD_PACK_KILL_SWITCH_MANIFEST_REBIND.title(),
                selection.scope(), options(selection, false), clock.instant(), logPosition, subject,
                view == null && rebind == null ? "NOTHING_RECORDED" : rebindOutcome(rebind), sections);
    }

    /** "Preserve incident evidence before attempting forward repair": the linked incident's evidence, field by field. */
    private EvidenceRecord.Item preservedEvidence(KillSwitchView view, RebindView.Rebind rebind) {
        Optional<org.binkindly.ledger.core.incident.IncidentId> incidentId = Optional.ofNullable(view == null ? null : view.incidentId())
                .or(() -> Optional.ofNullable(rebind == null ? null : rebind.incidentId()));
        Optional<IncidentView> incident = incidentId.flatMap(id -> {
            freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
            return queries.query(new FindIncident(id), ResponseTypes.optionalInstanceOf(IncidentView.class)).join();
        });
        String value = incident.map(found -> {
            List<String> missing = found.missingForClosure().stream().filter(gap -> gap.startsWith("EVIDENCE/")).toList();
            return "incident %s (%s): %d of %d evidence fields recorded%s".formatted(found.incidentId(), found.status(),
                    EvidenceField.values().length - missing.size(), EvidenceField.values().length,
                    missing.isEmpty() ? "" : "; missing " + String.join(", ", missing));
        }).orElse(null);
        return item("INCIDENT_EVIDENCE_PRESERVED", "Preserve incident evidence before attempting forward repair", value,
                value == null ? null : "the incident's evidence as recorded in the log");
    }

    // --- shared ---------------------------------------------------------------------------------

    private List<RebindView> rebinds(Scope scope) {
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        return queries.query(new ListRebinds(scope, 1000), ResponseTypes.multipleInstancesOf(RebindView.class)).join();
    }

    private List<KillSwitchView> killSwitches(Scope scope) {
        freshness.awaitCaughtUp(KillSwitchProjector.PROCESSING_GROUP);
        return queries.query(new ListKillSwitches(scope, false), ResponseTypes.multipleInstancesOf(KillSwitchView.class)).join();
    }

    /** Where each of an aggregate's events sits in the audit stream, by event type. */
    private Map<String, List<Long>> positions(String aggregateId) {
        Map<String, List<Long>> positions = new LinkedHashMap<>();
        jdbc.query("select payload_type, global_index from domain_event_entry where aggregate_identifier = ? order by global_index",
                rs -> {
                    String type = rs.getString(1);
                    positions.computeIfAbsent(type.substring(type.lastIndexOf('.') + 1), key -> new ArrayList<>()).add(rs.getLong(2));
                }, aggregateId);
        return positions;
    }

    private Long logPosition() {
        return jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
    }

    private static String logged(Map<String, List<Long>> positions, String eventType) {
        List<Long> at = positions.get(eventType);
        return at == null || at.isEmpty() ? "" : ", %s at log position %s".formatted(eventType,
                at.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    private static String by(Provenance provenance) {
        return provenance == null ? "" : "recorded by %s at %s".formatted(provenance.actor(), provenance.recordedAt());
    }

    private static String by(KillSwitchState.Provenance provenance) {
        return provenance == null ? "" : "recorded by %s at %s".formatted(provenance.actor(), provenance.recordedAt());
    }

    private static String manifest(StoredManifest manifest) {
        return manifest == null ? "(none)" : "%s (sha256 %s, pack %s)".formatted(manifest.manifestId(), manifest.manifestSha256(),
                manifest.packSha256());
    }

    private static String describe(RebindView.Rebind rebind) {
        return "rebind %s (%s%s), started %s".formatted(rebind.rebindId(), rebind.mode(), rebind.drill() ? ", drill" : "",
                rebind.started() == null ? "" : "by " + rebind.started().actor() + " at " + rebind.started().recordedAt());
    }

    private static Map<String, String> options(Selection selection, boolean withLocalities) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("scope", selection.scope().kind().pathSegment());
        options.put("scope-id", selection.scope().id());
        if (withLocalities && !selection.validationLocalities().isEmpty()) {
            options.put("validation-localities", String.join(",", selection.validationLocalities()));
        }
        return options;
    }

    private static EvidenceRecord.Item item(String key, String label, String value, String evidence) {
        return new EvidenceRecord.Item(key, label, value, value == null ? null : blankToNull(evidence), true);
    }

    private static EvidenceRecord.Item optional(String key, String label, String value) {
        return new EvidenceRecord.Item(key, label, value, null, false);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : Objects.requireNonNull(text).replaceFirst("^, ", "");
    }
}
