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

/**
 * A launch-day validation as a release owner reads it: each piece of evidence, the sign-offs, and what is still missing.
 *
 * @param launchId the launch's id, written launch:{kind}/{id}@{appBuild}
 * @param scope the scope launched, written kind/id
 * @param appBuild the app build launched
 * @param productionConfig the production-config check; absent until recorded
 * @param firstPublish the first-publish validation; absent until recorded
 * @param liveAppFetch the live app-fetch probes; absent until recorded
 * @param buildChecksum the archived build checksum; absent until recorded
 * @param evidenceRecordedBy who recorded each piece of evidence and when the ledger stored it
 * @param signOffs the sign-offs given, by area (PRODUCT, ENGINEERING, QA)
 * @param evidenceMissing the pieces of evidence not yet recorded or not passed
 * @param signOffsMissing the areas not yet signed off
 * @param validated true once all three areas signed off: the scope is validated in production
 * @param validatedAt when it was validated (UTC instant, ISO 8601)
 * @param completed true once the launch completed through the no-go gate
 * @param completedAt when it completed (UTC instant, ISO 8601)
 * @param completionFindings the no-go gate's findings the launch completed on
 * @param version the sequence number of the launch's last event: send it as If-Match to act only on what was read
 */
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
