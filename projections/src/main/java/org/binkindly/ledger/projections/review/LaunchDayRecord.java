package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.launch.BuildChecksumArchived;
import org.binkindly.ledger.core.launch.FirstPublishValidated;
import org.binkindly.ledger.core.launch.LaunchEvidence;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.LaunchState;
import org.binkindly.ledger.core.launch.LiveAppFetchProbed;
import org.binkindly.ledger.core.launch.ProductionConfigVerified;
import org.binkindly.ledger.core.launch.SignOffArea;
import org.binkindly.ledger.projections.launch.LaunchView;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.binkindly.ledger.projections.review.EvidenceItems.by;
import static org.binkindly.ledger.projections.review.EvidenceItems.item;
import static org.binkindly.ledger.projections.review.EvidenceItems.logged;
import static org.binkindly.ledger.projections.review.EvidenceItems.options;

/**
 * The launch-day production validation record (runbook: Launch-day production validation): the
 * four validations of a launch of one app build, and the sign-offs, from the launch's view.
 */
final class LaunchDayRecord {

    private final EvidenceSources sources;

    LaunchDayRecord(EvidenceSources sources) {
        this.sources = sources;
    }

    /** "recorded by alice at …": who recorded the latest check of this evidence, and when. */
    private static String recordedBy(LaunchView launch, LaunchEvidence evidence) {
        return launch == null ? "" : by(launch.evidenceRecordedBy().get(evidence));
    }

    EvidenceRecord render(EvidenceRecords.Selection selection) {
        if (selection.appBuild() == null) {
            throw new IllegalArgumentException("app-build is required for the launch-day record");
        }
        Long logPosition = sources.logPosition();
        LaunchId launchId = new LaunchId(selection.scope(), selection.appBuild());
        LaunchView launch = sources.launch(launchId).orElse(null);
        Map<String, List<Long>> at = launch == null ? Map.of() : sources.positions(launchId.toString());
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
                        recordedBy(launch, LaunchEvidence.PRODUCTION_CONFIG) + logged(at, "ProductionConfigVerified")),
                item("FIRST_PUBLISH", "First publish job completes and is validated", publish == null ? null
                        : "%s manifest %s (sha256 %s), pack sha256 declared %s, read back %s%s".formatted(
                        publish.passed() ? "passed:" : "FAILED:", publish.manifestId(), publish.manifestSha256(),
                        publish.packSha256Declared(), publish.packSha256Actual(),
                        publish.detail() == null ? "" : "; " + publish.detail()), recordedBy(launch, LaunchEvidence.FIRST_PUBLISH) + logged(at, "FirstPublishValidated")),
                item("LIVE_APP_FETCH", "Live app fetch resolves manifest and pack", fetch == null ? null
                        : (fetch.passed() ? "passed: " : "FAILED: ") + fetch.probes().stream()
                        .map(probe -> "%s %s answered %d".formatted(probe.target(), probe.url(), probe.status()))
                        .collect(Collectors.joining("; ")), recordedBy(launch, LaunchEvidence.LIVE_APP_FETCH) + logged(at, "LiveAppFetchProbed")),
                item("BUILD_CHECKSUM", "Final release build checksum archived", checksum == null ? null
                        : "%s sha256 %s%s".formatted(checksum.artifact(), checksum.sha256(),
                        checksum.location() == null ? "" : " at " + checksum.location()), recordedBy(launch, LaunchEvidence.BUILD_CHECKSUM) + logged(at, "BuildChecksumArchived")));
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
        return EvidenceRecord.of(EvidenceRecords.Kind.LAUNCH_DAY_PRODUCTION_VALIDATION.path(), EvidenceRecords.Kind.LAUNCH_DAY_PRODUCTION_VALIDATION.title(),
                selection.scope(), options, sources.now(), logPosition,
                launch == null ? null : "launch of app build %s for %s".formatted(selection.appBuild(), selection.scope()), outcome,
                List.of(new EvidenceRecord.Section("Launch-day validation", validation),
                        new EvidenceRecord.Section("Sign-off", signOffs)));
    }
}
