package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.KillSwitchState;
import org.binkindly.ledger.core.killswitch.LocalityValidation;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.binkindly.ledger.projections.review.EvidenceItems.by;
import static org.binkindly.ledger.projections.review.EvidenceItems.item;
import static org.binkindly.ledger.projections.review.EvidenceItems.logged;
import static org.binkindly.ledger.projections.review.EvidenceItems.optional;
import static org.binkindly.ledger.projections.review.EvidenceItems.options;

/**
 * The AI kill-switch activation record (runbook: AI kill switch): the scope's AI-lane kill switch,
 * its actions, the targeted validation on the localities asked for, and what closes it.
 */
final class AiKillSwitchRecord {

    private final EvidenceSources sources;

    AiKillSwitchRecord(EvidenceSources sources) {
        this.sources = sources;
    }

    EvidenceRecord render(EvidenceRecords.Selection selection) {
        Long logPosition = sources.logPosition();
        KillSwitchView view = sources.killSwitch(selection, KillSwitchKind.AI_LANE).orElse(null);
        Map<String, List<Long>> at = view == null ? Map.of() : sources.positions(view.killSwitchId().value());
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
        return EvidenceRecord.of(EvidenceRecords.Kind.AI_KILL_SWITCH_ACTIVATION.path(), EvidenceRecords.Kind.AI_KILL_SWITCH_ACTIVATION.title(), selection.scope(),
                options(selection, true), sources.now(), logPosition,
                view == null ? null : "kill switch " + view.killSwitchId() + (view.drill() ? " (drill)" : ""), outcome, sections);
    }

    /** The localities asked for (the command's list, or else those validated), each with its latest result. */
    private static List<EvidenceRecord.Item> validations(KillSwitchView view, EvidenceRecords.Selection selection, Map<String, List<Long>> at) {
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

    private static String validationSummary(KillSwitchView view, EvidenceRecords.Selection selection) {
        Map<String, LocalityValidation> latest = latestValidations(view);
        List<String> asked = selection.validationLocalities().isEmpty() ? List.copyOf(latest.keySet()) : selection.validationLocalities();
        if (asked.isEmpty() || !latest.keySet().containsAll(asked)) {
            return null;
        }
        List<String> failed = asked.stream().filter(locality -> latest.get(locality).outcome() != LocalityValidation.Outcome.PASSED).toList();
        return failed.isEmpty() ? "PASSED for all %d localities".formatted(asked.size())
                : "FAILED for " + String.join(", ", failed) + " of " + asked.size() + " localities";
    }
}
