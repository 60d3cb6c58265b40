package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.StoredManifest;
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
 * The rollback drill record (runbook: Rollback checklist, Rollback objective): the scope's drill
 * rebind, step by step through the checklist, and its outcome against the rollback objective.
 */
final class RollbackDrillRecord {

    private final EvidenceSources sources;

    RollbackDrillRecord(EvidenceSources sources) {
        this.sources = sources;
    }

    EvidenceRecord render(EvidenceRecords.Selection selection) {
        Long logPosition = sources.logPosition();
        Optional<RebindView.Rebind> drill = sources.rebind(selection, RebindView.Rebind::drill);
        List<EvidenceRecord.Section> sections = new ArrayList<>();
        RebindView.Rebind rebind = drill.orElse(null);
        Map<String, List<Long>> at = rebind == null ? Map.of() : sources.positions(rebind.rebindId().value());
        sections.add(new EvidenceRecord.Section("Rollback checklist", checklist(rebind, at, "drill record")));
        sections.add(new EvidenceRecord.Section("Where needed", List.of(overlay(rebind))));
        sections.add(new EvidenceRecord.Section("Rollback objective", objective(rebind, at)));
        return EvidenceRecord.of(EvidenceRecords.Kind.ROLLBACK_DRILL.path(), EvidenceRecords.Kind.ROLLBACK_DRILL.title(), selection.scope(), options(selection, false),
                sources.now(), logPosition, rebind == null ? null : describe(rebind), rebindOutcome(rebind), sections);
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

    private static String manifest(StoredManifest manifest) {
        return manifest == null ? "(none)" : "%s (sha256 %s, pack %s)".formatted(manifest.manifestId(), manifest.manifestSha256(),
                manifest.packSha256());
    }

    private static String describe(RebindView.Rebind rebind) {
        return "rebind %s (%s%s), started %s".formatted(rebind.rebindId(), rebind.mode(), rebind.drill() ? ", drill" : "",
                rebind.started() == null ? "" : "by " + rebind.started().actor() + " at " + rebind.started().recordedAt());
    }
}
