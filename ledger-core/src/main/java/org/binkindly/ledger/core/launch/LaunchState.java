package org.binkindly.ledger.core.launch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.binkindly.ledger.core.shared.Provenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A launch as its events describe it: the one fold shared by the aggregate (to check the rules)
 * and the launch view. The latest check of each kind of evidence is the one that counts.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class LaunchState {

    /**
     * @param signer who signed: the token's name or JWT subject
     * @param signedAt when (UTC instant, ISO 8601)
     */
    public record SignOff(String signer, Instant signedAt) {
    }

    private LaunchId launchId;
    private ProductionConfigVerified productionConfig;
    private FirstPublishValidated firstPublish;
    private LiveAppFetchProbed liveAppFetch;
    private BuildChecksumArchived buildChecksum;
    private EnumMap<SignOffArea, SignOff> signOffs = new EnumMap<>(SignOffArea.class);
    /** Who recorded the latest check of each kind of evidence, and when (the launch-day record names them). */
    private EnumMap<LaunchEvidence, Provenance> evidenceRecordedBy = new EnumMap<>(LaunchEvidence.class);
    private Instant validatedAt;
    private Instant completedAt;
    private List<NoGoFinding> completionFindings = new ArrayList<>();
    private long version = -1;

    @JsonCreator
    private LaunchState() {
    }

    public static LaunchState startedBy(LaunchValidationStarted event, Provenance provenance, long sequenceNumber) {
        return new LaunchState().apply(event, provenance, sequenceNumber);
    }

    public LaunchState apply(LaunchEvent event, Provenance provenance, long sequenceNumber) {
        if (event instanceof LaunchValidationStarted e) {
            launchId = e.launchId();
        } else if (event instanceof ProductionConfigVerified e) {
            productionConfig = e;
            recordedBy(LaunchEvidence.PRODUCTION_CONFIG, provenance);
        } else if (event instanceof FirstPublishValidated e) {
            firstPublish = e;
            recordedBy(LaunchEvidence.FIRST_PUBLISH, provenance);
        } else if (event instanceof LiveAppFetchProbed e) {
            liveAppFetch = e;
            recordedBy(LaunchEvidence.LIVE_APP_FETCH, provenance);
        } else if (event instanceof BuildChecksumArchived e) {
            buildChecksum = e;
            recordedBy(LaunchEvidence.BUILD_CHECKSUM, provenance);
        } else if (event instanceof LaunchSignedOff e) {
            signOffs.put(e.area(), new SignOff(e.signer(), provenance.recordedAt()));
        } else if (event instanceof LaunchDayValidated) {
            validatedAt = provenance.recordedAt();
        } else if (event instanceof LaunchCompleted e) {
            completedAt = provenance.recordedAt();
            completionFindings = new ArrayList<>(e.findings());
        }
        version = sequenceNumber;
        return this;
    }

    private void recordedBy(LaunchEvidence evidence, Provenance provenance) {
        if (evidenceRecordedBy == null) {
            // a view row folded before this field existed
            evidenceRecordedBy = new EnumMap<>(LaunchEvidence.class);
        }
        evidenceRecordedBy.put(evidence, provenance);
    }

    /** Evidence that has not passed yet, in the runbook's order. */
    public List<LaunchEvidence> evidenceMissing() {
        List<LaunchEvidence> missing = new ArrayList<>();
        if (productionConfig == null || !productionConfig.passed()) {
            missing.add(LaunchEvidence.PRODUCTION_CONFIG);
        }
        if (firstPublish == null || !firstPublish.passed()) {
            missing.add(LaunchEvidence.FIRST_PUBLISH);
        }
        if (liveAppFetch == null || !liveAppFetch.passed()) {
            missing.add(LaunchEvidence.LIVE_APP_FETCH);
        }
        if (buildChecksum == null) {
            missing.add(LaunchEvidence.BUILD_CHECKSUM);
        }
        return missing;
    }

    public List<SignOffArea> signOffsMissing() {
        List<SignOffArea> missing = new ArrayList<>();
        for (SignOffArea area : SignOffArea.values()) {
            if (!signOffs.containsKey(area)) {
                missing.add(area);
            }
        }
        return missing;
    }

    public boolean isValidated() {
        return validatedAt != null;
    }

    public boolean isCompleted() {
        return completedAt != null;
    }

    public LaunchId launchId() { return launchId; }
    public ProductionConfigVerified productionConfig() { return productionConfig; }
    public FirstPublishValidated firstPublish() { return firstPublish; }
    public LiveAppFetchProbed liveAppFetch() { return liveAppFetch; }
    public BuildChecksumArchived buildChecksum() { return buildChecksum; }
    public Map<SignOffArea, SignOff> signOffs() { return Collections.unmodifiableMap(signOffs); }
    public Map<LaunchEvidence, Provenance> evidenceRecordedBy() {
        return evidenceRecordedBy == null ? Map.of() : Collections.unmodifiableMap(evidenceRecordedBy);
    }
    public Instant validatedAt() { return validatedAt; }
    public Instant completedAt() { return completedAt; }
    public List<NoGoFinding> completionFindings() { return Collections.unmodifiableList(completionFindings); }
    public long version() { return version; }
}
