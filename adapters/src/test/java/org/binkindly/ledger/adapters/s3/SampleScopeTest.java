package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.rebind.ManifestStore.Probe;
import org.binkindly.ledger.core.rebind.ManifestStore.Readback;
import org.binkindly.ledger.core.rebind.ManifestStore.WriteOutcome;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The rebind drill an operator walks on a fresh machine: embedded store, sample scope, probe, rebind, read back. */
class SampleScopeTest {

    @TempDir
    Path directory;

    private EmbeddedObjectStore objectStore;
    private S3Settings settings;
    private S3ManifestStore manifests;

    @BeforeEach
    void startTheEmbeddedStore() {
        objectStore = EmbeddedObjectStore.start(directory, "ledger");
        settings = objectStore.settings("ledger/");
        manifests = new S3ManifestStore(settings);
    }

    @AfterEach
    void stopTheEmbeddedStore() {
        manifests.close();
        objectStore.close();
    }

    @Test
    void seededScopeHasTheBadReleaseActiveAndTheGoodOneAsLastKnownGood() {
        assertThat(SampleScope.seed(settings)).isTrue();

        Probe probe = manifests.probe(SampleScope.SCOPE);

        assertThat(probe.failed()).isFalse();
        assertThat(probe.active().orElseThrow().manifestId()).isEqualTo(SampleScope.BAD_MANIFEST_ID);
        assertThat(probe.lastKnownGood().orElseThrow().manifestId()).isEqualTo(SampleScope.GOOD_MANIFEST_ID);
        assertThat(manifests.historical(SampleScope.SCOPE, SampleScope.GOOD_MANIFEST_ID)).isPresent();
        assertThat(manifests.historical(SampleScope.SCOPE, SampleScope.BAD_MANIFEST_ID)).isPresent();
        // v2 is bad in what it says, not corrupt: its pack still matches its manifest.
        Readback beforeRebind = manifests.readBack(SampleScope.SCOPE);
        assertThat(beforeRebind.packSha256Actual()).isEqualTo(beforeRebind.active().orElseThrow().packSha256());
    }

    @Test
    void rebindDrillOnTheSeededScopeRestoresTheGoodPack() {
        SampleScope.seed(settings);
        Probe probe = manifests.probe(SampleScope.SCOPE);
        StoredManifest lastKnownGood = probe.lastKnownGood().orElseThrow();

        WriteOutcome outcome = manifests.rebindActive(SampleScope.SCOPE, lastKnownGood, probe.active().orElseThrow().etag());
        Readback readback = manifests.readBack(SampleScope.SCOPE);

        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        assertThat(readback.failed()).isFalse();
        assertThat(readback.active().orElseThrow().manifestSha256()).isEqualTo(lastKnownGood.manifestSha256());
        assertThat(readback.packSha256Actual())
                .isEqualTo(lastKnownGood.packSha256())
                .isEqualTo(ManifestJson.sha256Hex(SampleScope.GOOD_PACK));
        assertThat(readback.packBytes()).isEqualTo(SampleScope.GOOD_PACK.length);
    }

    @Test
    void seedingAgainLeavesADrillInProgressUntouched() {
        SampleScope.seed(settings);
        Probe probe = manifests.probe(SampleScope.SCOPE);
        manifests.rebindActive(SampleScope.SCOPE, probe.lastKnownGood().orElseThrow(), probe.active().orElseThrow().etag());

        boolean seededAgain = SampleScope.seed(settings);

        assertThat(seededAgain).isFalse();
        assertThat(manifests.probe(SampleScope.SCOPE).active().orElseThrow().manifestId())
                .isEqualTo(SampleScope.GOOD_MANIFEST_ID);
    }

    @Test
    void seedingSurvivesARestartOfTheEmbeddedStore() {
        SampleScope.seed(settings);
        manifests.close();
        objectStore.close();

        objectStore = EmbeddedObjectStore.start(directory, "ledger");
        settings = objectStore.settings("ledger/");
        manifests = new S3ManifestStore(settings);

        assertThat(SampleScope.seed(settings)).isFalse();
        assertThat(manifests.probe(SampleScope.SCOPE).lastKnownGood()).isPresent();
    }

    @Test
    void seededThroughTheEmbeddedStoresDirectoryIsTheSameScopeThroughS3() {
        assertThat(SampleScope.seed(objectStore, "ledger/")).isTrue();
        assertThat(objectStore.holds("ledger/no-such-object")).isFalse();

        Probe probe = manifests.probe(SampleScope.SCOPE);
        assertThat(probe.failed()).isFalse();
        assertThat(probe.active().orElseThrow().manifestId()).isEqualTo(SampleScope.BAD_MANIFEST_ID);
        StoredManifest lastKnownGood = probe.lastKnownGood().orElseThrow();
        assertThat(lastKnownGood.manifestId()).isEqualTo(SampleScope.GOOD_MANIFEST_ID);
        assertThat(manifests.historical(SampleScope.SCOPE, SampleScope.BAD_MANIFEST_ID)).isPresent();
        // the rebind drill works on it: conditional write on the active manifest's ETag, then the good pack reads back
        WriteOutcome outcome = manifests.rebindActive(SampleScope.SCOPE, lastKnownGood, probe.active().orElseThrow().etag());
        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        assertThat(manifests.readBack(SampleScope.SCOPE).packSha256Actual()).isEqualTo(ManifestJson.sha256Hex(SampleScope.GOOD_PACK));

        assertThat(SampleScope.seed(objectStore, "ledger/")).as("seeded already: a restart's check").isFalse();
        assertThat(SampleScope.seed(settings)).as("and S3 sees it seeded too").isFalse();
    }

    @Test
    void aSeedCutShortIsFinishedThroughTheEmbeddedStoreToo() {
        SampleScope.seed(objectStore, "ledger/");
        String lastKnownGood = new ObjectKeys("ledger/").lastKnownGood(SampleScope.SCOPE);
        try (var s3 = S3Clients.create(settings)) {
            s3.deleteObject(delete -> delete.bucket(settings.bucket()).key(lastKnownGood));
        }
        assertThat(objectStore.holds(lastKnownGood)).isFalse();

        assertThat(SampleScope.seed(objectStore, "ledger/")).isTrue();
        assertThat(objectStore.holds(lastKnownGood)).isTrue();
        assertThat(manifests.probe(SampleScope.SCOPE).lastKnownGood()).isPresent();
    }

    @Test
    void theEmbeddedStoreNeverOverwritesADrillInProgress() {
        SampleScope.seed(settings);
        Probe probe = manifests.probe(SampleScope.SCOPE);
        manifests.rebindActive(SampleScope.SCOPE, probe.lastKnownGood().orElseThrow(), probe.active().orElseThrow().etag());
        String lastKnownGood = new ObjectKeys("ledger/").lastKnownGood(SampleScope.SCOPE);
        try (var s3 = S3Clients.create(settings)) {
            s3.deleteObject(delete -> delete.bucket(settings.bucket()).key(lastKnownGood));
        }

        SampleScope.seed(objectStore, "ledger/");

        assertThat(manifests.probe(SampleScope.SCOPE).active().orElseThrow().manifestId())
                .as("the rebound active manifest stays").isEqualTo(SampleScope.GOOD_MANIFEST_ID);
    }
}
