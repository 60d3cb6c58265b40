package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.rebind.RebindView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.binkindly.ledger.projections.review.EvidenceItems.by;
import static org.binkindly.ledger.projections.review.EvidenceItems.item;
import static org.binkindly.ledger.projections.review.EvidenceItems.logged;
import static org.binkindly.ledger.projections.review.EvidenceItems.options;
import static org.binkindly.ledger.projections.review.RebindEvidence.outcomeText;
import static org.binkindly.ledger.projections.review.RebindEvidence.overlay;
import static org.binkindly.ledger.projections.review.RebindEvidence.rebindOutcome;

/**
 * The bad-pack kill switch and manifest rebind record (runbook: bad-pack emergency kill switch):
 * the scope's bad-pack kill switch, the rebind that contained it, and the incident's evidence.
 */
final class BadPackRebindRecord {

    private final EvidenceSources sources;

    BadPackRebindRecord(EvidenceSources sources) {
        this.sources = sources;
    }

    EvidenceRecord render(EvidenceRecords.Selection selection) {
        Long logPosition = sources.logPosition();
        KillSwitchView view = sources.killSwitch(selection, KillSwitchKind.BAD_PACK).orElse(null);
        // The picked rebind; else the rebind of the switch's incident if there is one, else the scope's latest.
        RebindView.Rebind rebind = selection.rebindId() != null ? sources.rebind(selection, any -> true).orElse(null)
                : sources.rebind(selection, r -> (view == null || r.drill() == view.drill()) && view != null && view.incidentId() != null
                        && view.incidentId().equals(r.incidentId()))
                .or(() -> sources.rebind(selection, r -> view == null || r.drill() == view.drill())).orElse(null);
        Map<String, List<Long>> switchAt = view == null ? Map.of() : sources.positions(view.killSwitchId().value());
        Map<String, List<Long>> rebindAt = rebind == null ? Map.of() : sources.positions(rebind.rebindId().value());
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
        if (rebind != null && rebind.failure() != null) {
            // A failed rebind's reason (e.g. the mismatching checksums) is evidence too, not a blank.
            actions.add(item("REBIND_FAILED", "Rebind failed", "rebind %s failed at %s: %s".formatted(rebind.rebindId(),
                    rebind.failure().step(), rebind.failure().reason()), by(rebind.failure().provenance()) + logged(rebindAt, "RebindFailed")));
        }
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
        return EvidenceRecord.of(EvidenceRecords.Kind.BAD_PACK_KILL_SWITCH_MANIFEST_REBIND.path(), EvidenceRecords.Kind.BAD_PACK_KILL_SWITCH_MANIFEST_REBIND.title(),
                selection.scope(), options(selection, false), sources.now(), logPosition, subject,
                view == null && rebind == null ? "NOTHING_RECORDED" : rebindOutcome(rebind), sections);
    }

    /** "Preserve incident evidence before attempting forward repair": the linked incident's evidence, field by field. */
    private EvidenceRecord.Item preservedEvidence(KillSwitchView view, RebindView.Rebind rebind) {
        Optional<IncidentId> incidentId = Optional.ofNullable(view == null ? null : view.incidentId())
                .or(() -> Optional.ofNullable(rebind == null ? null : rebind.incidentId()));
        Optional<IncidentView> incident = incidentId.flatMap(sources::incident);
        String value = incident.map(found -> {
            List<String> missing = found.missingForClosure().stream().filter(gap -> gap.startsWith("EVIDENCE/")).toList();
            return "incident %s (%s): %d of %d evidence fields recorded%s".formatted(found.incidentId(), found.status(),
                    EvidenceField.values().length - missing.size(), EvidenceField.values().length,
                    missing.isEmpty() ? "" : "; missing " + String.join(", ", missing));
        }).orElse(null);
        return item("INCIDENT_EVIDENCE_PRESERVED", "Preserve incident evidence before attempting forward repair", value,
                value == null ? null : "the incident's evidence as recorded in the log");
    }
}
