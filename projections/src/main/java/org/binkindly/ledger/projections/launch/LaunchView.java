package org.binkindly.ledger.projections.launch;

import org.binkindly.ledger.core.launch.BuildChecksumArchived;
import org.binkindly.ledger.core.launch.FirstPublishValidated;
import org.binkindly.ledger.core.launch.LaunchEvidence;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.LaunchState;
import org.binkindly.ledger.core.launch.LiveAppFetchProbed;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.launch.ProductionConfigVerified;
import org.binkindly.ledger.core.launch.SignOffArea;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A launch-day validation as a release owner reads it: each piece of evidence, the sign-offs, and what is still missing. */
public record LaunchView(LaunchId launchId, Scope scope, String appBuild, ProductionConfigVerified productionConfig,
                         FirstPublishValidated firstPublish, LiveAppFetchProbed liveAppFetch, BuildChecksumArchived buildChecksum,
                         Map<LaunchEvidence, Provenance> evidenceRecordedBy, Map<SignOffArea, LaunchState.SignOff> signOffs,
                         List<LaunchEvidence> evidenceMissing,
                         List<SignOffArea> signOffsMissing, boolean validated, Instant validatedAt, boolean completed,
                         Instant completedAt, List<NoGoFinding> completionFindings, long version) {

    public static LaunchView of(LaunchState state) {
        return new LaunchView(state.launchId(), state.launchId().scope(), state.launchId().appBuild(), state.productionConfig(),
                state.firstPublish(), state.liveAppFetch(), state.buildChecksum(), state.evidenceRecordedBy(), state.signOffs(), state.evidenceMissing(),
                state.signOffsMissing(), state.isValidated(), state.validatedAt(), state.isCompleted(), state.completedAt(),
                state.completionFindings(), state.version());
    }
}
