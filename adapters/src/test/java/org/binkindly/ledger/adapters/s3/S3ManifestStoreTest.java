package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.rebind.ManifestStore.PackCheck;
import org.binkindly.ledger.core.rebind.ManifestStore.Probe;
import org.binkindly.ledger.core.rebind.ManifestStore.Readback;
import org.binkindly.ledger.core.rebind.ManifestStore.WriteOutcome;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class S3ManifestStoreTest {

    private static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    private static final String BUCKET = "ledger-manifests";

    @RegisterExtension
    final S3ProxyExtension s3proxy = S3ProxyExtension.builder()
            .withBlobStoreProvider("transient-nio2")
            .withCredentials("test-access-key", "test-secret-key")
            .build();

    private S3Client s3;
    private S3ManifestStore store;
    private PublishedScope stockholm;

    @BeforeEach
    void publishStockholmWithABadReleaseActive() {
        // A prefix, so every test also proves keys are built under it.
        S3Settings settings = new S3Settings(s3proxy.getUri(), "us-east-1", BUCKET, "prod",
                s3proxy.getAccessKey(), s3proxy.getSecretKey());
        s3 = S3Clients.create(settings);
        s3.createBucket(create -> create.bucket(BUCKET));
        stockholm = PublishedScope.publish(s3, settings, STOCKHOLM);
        store = new S3ManifestStore(settings);
    }

    @AfterEach
    void closeClients() {
        store.close();
        s3.close();
    }

    @Test
    void probeFindsActiveAndLastKnownGoodWithTheirHashesAndEtags() {
        Probe probe = store.probe(STOCKHOLM);

        assertThat(probe.failed()).isFalse();
        StoredManifest active = probe.active().orElseThrow();
        assertThat(active.manifestId()).isEqualTo(stockholm.badManifestId);
        assertThat(active.scope()).isEqualTo(STOCKHOLM);
        assertThat(active.packSha256()).isEqualTo(ManifestJson.sha256Hex(stockholm.badPack));
        assertThat(active.manifestSha256()).isEqualTo(ManifestJson.sha256Hex(stockholm.badManifest));
        assertThat(active.etag()).isEqualTo(stockholm.etagOf(stockholm.activeKey()));

        StoredManifest lastKnownGood = probe.lastKnownGood().orElseThrow();
        assertThat(lastKnownGood.manifestId()).isEqualTo(stockholm.goodManifestId);
        assertThat(lastKnownGood.packKey()).isEqualTo("packs/locality/se-stockholm/se-stockholm-v1.json");
        assertThat(lastKnownGood.packSha256()).isEqualTo(ManifestJson.sha256Hex(stockholm.goodPack));
        assertThat(lastKnownGood.manifestSha256()).isEqualTo(ManifestJson.sha256Hex(stockholm.goodManifest));
        assertThat(lastKnownGood.publishedAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
        assertThat(lastKnownGood.etag()).isEqualTo(stockholm.etagOf(stockholm.lastKnownGoodKey()));
    }

    @Test
    void probeWithoutLastKnownGoodFindsItEmptyRatherThanFailing() {
        stockholm.delete(stockholm.lastKnownGoodKey());

        Probe probe = store.probe(STOCKHOLM);

        assertThat(probe.failed()).isFalse();
        assertThat(probe.active()).isPresent();
        assertThat(probe.lastKnownGood()).isEmpty();
    }

    @Test
    void probeOfAnUnpublishedScopeFindsNothingRatherThanFailing() {
        Probe probe = store.probe(Scope.parse("locality/se-uppsala"));

        assertThat(probe.failed()).isFalse();
        assertThat(probe.active()).isEmpty();
        assertThat(probe.lastKnownGood()).isEmpty();
    }

    @Test
    void probeReportsAnUnparsableManifestAsFailure() {
        stockholm.overwrite(stockholm.activeKey(), "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));

        Probe probe = store.probe(STOCKHOLM);

        assertThat(probe.failed()).isTrue();
        assertThat(probe.failure()).contains("active.json").contains("not JSON");
        assertThat(probe.lastKnownGood()).isPresent();
    }

    @Test
    void probeReportsAManifestFiledUnderAnotherScopeAsFailure() {
        Scope gothenburg = Scope.parse("locality/se-gothenburg");
        stockholm.overwrite(stockholm.lastKnownGoodKey(), ManifestJson.write("se-gothenburg-v1", gothenburg,
                "packs/locality/se-gothenburg/se-gothenburg-v1.json", ManifestJson.sha256Hex(stockholm.goodPack),
                Instant.parse("2026-11-01T08:00:00Z")));

        Probe probe = store.probe(STOCKHOLM);

        assertThat(probe.failed()).isTrue();
        assertThat(probe.failure()).contains("last-known-good.json").contains("declares scope locality/se-gothenburg");
    }

    @Test
    void aRehearsalWalksARealCopyAndNeverWritesTheActiveManifestUsersResolve() {
        String realEtag = stockholm.etagOf(stockholm.activeKey());
        var rehearsal = store.rehearsal("rb-0123456789ab");
        String copyKey = "prod/rehearsals/rb-0123456789ab/manifests/locality/se-stockholm/active.json";

        Probe probe = rehearsal.probe(STOCKHOLM);
        assertThat(probe.failed()).as(probe.failure()).isFalse();
        assertThat(stockholm.read(copyKey)).isEqualTo(stockholm.badManifest);
        assertThat(probe.active().orElseThrow().manifestId()).isEqualTo(stockholm.badManifestId);
        StoredManifest lastKnownGood = probe.lastKnownGood().orElseThrow();

        WriteOutcome outcome = rehearsal.rebindActive(STOCKHOLM, lastKnownGood, probe.active().orElseThrow().etag());
        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        Readback readback = rehearsal.readBack(STOCKHOLM);
        assertThat(readback.failed()).isFalse();
        assertThat(readback.active().orElseThrow().manifestId()).isEqualTo(stockholm.goodManifestId);
        assertThat(readback.packSha256Actual()).isEqualTo(lastKnownGood.packSha256());

        assertThat(stockholm.read(copyKey)).isEqualTo(stockholm.goodManifest);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.badManifest);
        assertThat(stockholm.etagOf(stockholm.activeKey())).isEqualTo(realEtag);

        // a probe repeated after a crash goes on with the rehearsal's copy, not a fresh one
        assertThat(rehearsal.probe(STOCKHOLM).active().orElseThrow().manifestId()).isEqualTo(stockholm.goodManifestId);
        ((S3ManifestStore) rehearsal).close();
        assertThat(store.probe(STOCKHOLM).failed()).as("closing a rehearsal leaves the shared client open").isFalse();
    }

    @Test
    void rebindWritesTheLastKnownGoodBytesToActiveAndReadBackConfirmsTheDeclaredPack() {
        Probe probe = store.probe(STOCKHOLM);
        StoredManifest lastKnownGood = probe.lastKnownGood().orElseThrow();

        WriteOutcome outcome = store.rebindActive(STOCKHOLM, lastKnownGood, probe.active().orElseThrow().etag());

        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        assertThat(((WriteOutcome.Written) outcome).etag()).isEqualTo(stockholm.etagOf(stockholm.activeKey()));
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.goodManifest);

        Readback readback = store.readBack(STOCKHOLM);
        assertThat(readback.failed()).isFalse();
        assertThat(readback.active().orElseThrow().manifestId()).isEqualTo(stockholm.goodManifestId);
        assertThat(readback.active().orElseThrow().manifestSha256()).isEqualTo(lastKnownGood.manifestSha256());
        assertThat(readback.packSha256Actual()).isEqualTo(lastKnownGood.packSha256());
        assertThat(readback.packBytes()).isEqualTo(stockholm.goodPack.length);
    }

    @Test
    void rebindRepeatedAfterItTookEffectIsWrittenNotAConflict() {
        Probe probe = store.probe(STOCKHOLM);
        StoredManifest lastKnownGood = probe.lastKnownGood().orElseThrow();
        String probedEtag = probe.active().orElseThrow().etag();
        store.rebindActive(STOCKHOLM, lastKnownGood, probedEtag);

        WriteOutcome repeated = store.rebindActive(STOCKHOLM, lastKnownGood, probedEtag);

        assertThat(repeated).isInstanceOf(WriteOutcome.Written.class);
        assertThat(((WriteOutcome.Written) repeated).etag()).isEqualTo(stockholm.etagOf(stockholm.activeKey()));
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.goodManifest);
    }

    @Test
    void rebindToAManifestOnlyInHistoryWritesItsHistoryBytes() {
        byte[] olderPack = "{\"packId\":\"se-stockholm-v0\"}".getBytes(StandardCharsets.UTF_8);
        byte[] olderManifest = stockholm.manifest("se-stockholm-v0", olderPack, Instant.parse("2026-10-01T08:00:00Z"));
        stockholm.overwrite(stockholm.historyKey("se-stockholm-v0"), olderManifest);
        StoredManifest older = store.historical(STOCKHOLM, "se-stockholm-v0").orElseThrow();

        WriteOutcome outcome = store.rebindActive(STOCKHOLM, older, stockholm.etagOf(stockholm.activeKey()));

        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(olderManifest);
    }

    @Test
    void readBackOfATamperedPackRecomputesAHashThatDiffersFromTheDeclaredOne() {
        byte[] tampered = "{\"packId\":\"se-stockholm-v1\",\"rules\":[\"collect never\"]}".getBytes(StandardCharsets.UTF_8);
        stockholm.overwrite(stockholm.goodPackKey(), tampered);
        Probe probe = store.probe(STOCKHOLM);
        store.rebindActive(STOCKHOLM, probe.lastKnownGood().orElseThrow(), probe.active().orElseThrow().etag());

        Readback readback = store.readBack(STOCKHOLM);

        assertThat(readback.failed()).isFalse();
        assertThat(readback.packSha256Actual())
                .isEqualTo(ManifestJson.sha256Hex(tampered))
                .isNotEqualTo(readback.active().orElseThrow().packSha256());
        assertThat(readback.packBytes()).isEqualTo(tampered.length);
    }

    @Test
    void checkPackRecomputesTheTargetsPackHashBeforeAnyWrite() {
        StoredManifest lastKnownGood = store.probe(STOCKHOLM).lastKnownGood().orElseThrow();

        PackCheck intact = store.checkPack(STOCKHOLM, lastKnownGood);
        assertThat(intact.failed()).isFalse();
        assertThat(intact.packSha256Actual()).isEqualTo(lastKnownGood.packSha256());
        assertThat(intact.packBytes()).isEqualTo(stockholm.goodPack.length);

        byte[] tampered = "{\"packId\":\"se-stockholm-v1\",\"rules\":[]}".getBytes(StandardCharsets.UTF_8);
        stockholm.overwrite(stockholm.goodPackKey(), tampered);
        PackCheck corrupt = store.checkPack(STOCKHOLM, lastKnownGood);
        assertThat(corrupt.packSha256Actual()).isEqualTo(ManifestJson.sha256Hex(tampered)).isNotEqualTo(lastKnownGood.packSha256());
        assertThat(stockholm.read(stockholm.activeKey())).as("checking writes nothing").isEqualTo(stockholm.badManifest);

        stockholm.delete(stockholm.goodPackKey());
        PackCheck missing = store.checkPack(STOCKHOLM, lastKnownGood);
        assertThat(missing.failed()).isTrue();
        assertThat(missing.failure()).contains("se-stockholm-v1.json").contains("missing");
    }

    @Test
    void restorePutsBackTheReplacedManifestOnlyWhileActiveStillHoldsTheWriteBeingUndone() {
        Probe probe = store.probe(STOCKHOLM);
        StoredManifest replaced = probe.active().orElseThrow();
        WriteOutcome.Written written = (WriteOutcome.Written) store.rebindActive(STOCKHOLM, probe.lastKnownGood().orElseThrow(),
                replaced.etag());

        WriteOutcome restored = store.restoreActive(STOCKHOLM, replaced, written.etag());

        assertThat(restored).isInstanceOf(WriteOutcome.Written.class);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.badManifest);
        assertThat(((WriteOutcome.Written) restored).etag()).isEqualTo(stockholm.etagOf(stockholm.activeKey()));
    }

    @Test
    void restoreAfterSomebodyElsePublishedIsAConflictAndKeepsTheirManifest() {
        Probe probe = store.probe(STOCKHOLM);
        StoredManifest replaced = probe.active().orElseThrow();
        WriteOutcome.Written written = (WriteOutcome.Written) store.rebindActive(STOCKHOLM, probe.lastKnownGood().orElseThrow(),
                replaced.etag());
        byte[] hotfix = stockholm.manifest("se-stockholm-v3", "{}".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-21T08:00:00Z"));
        stockholm.overwrite(stockholm.activeKey(), hotfix);

        WriteOutcome restored = store.restoreActive(STOCKHOLM, replaced, written.etag());

        assertThat(restored).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(hotfix);
    }

    @Test
    void readBackReportsAMissingPackAsFailure() {
        stockholm.delete(stockholm.badPackKey());

        Readback readback = store.readBack(STOCKHOLM);

        assertThat(readback.failed()).isTrue();
        assertThat(readback.failure()).contains("se-stockholm-v2.json").contains("missing");
        assertThat(readback.active()).isPresent();
    }

    @Test
    void rebindAfterAConcurrentChangeToActiveIsAConflictAndKeepsTheOtherWritersManifest() {
        Probe probe = store.probe(STOCKHOLM);
        byte[] hotfixPack = "{\"packId\":\"se-stockholm-v3\"}".getBytes(StandardCharsets.UTF_8);
        byte[] hotfix = stockholm.manifest("se-stockholm-v3", hotfixPack, Instant.parse("2026-11-21T08:00:00Z"));
        stockholm.overwrite(stockholm.activeKey(), hotfix);

        WriteOutcome outcome = store.rebindActive(STOCKHOLM, probe.lastKnownGood().orElseThrow(),
                probe.active().orElseThrow().etag());

        assertThat(outcome).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(hotfix);
    }

    @Test
    void rebindExpectingNoActiveManifestIsAConflictWhenOneExists() {
        StoredManifest lastKnownGood = store.probe(STOCKHOLM).lastKnownGood().orElseThrow();

        WriteOutcome outcome = store.rebindActive(STOCKHOLM, lastKnownGood, null);

        assertThat(outcome).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.badManifest);
    }

    @Test
    void rebindExpectingNoActiveManifestWritesWhenThereIsNone() {
        stockholm.delete(stockholm.activeKey());
        StoredManifest lastKnownGood = store.probe(STOCKHOLM).lastKnownGood().orElseThrow();

        WriteOutcome outcome = store.rebindActive(STOCKHOLM, lastKnownGood, null);

        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.goodManifest);
    }

    @Test
    void rebindRefusesWhenNoStoredCopyStillHashesToTheProbedManifest() {
        Probe probe = store.probe(STOCKHOLM);
        byte[] edited = stockholm.manifest(stockholm.goodManifestId, stockholm.badPack, Instant.parse("2026-11-01T08:00:00Z"));
        stockholm.overwrite(stockholm.lastKnownGoodKey(), edited);
        stockholm.overwrite(stockholm.historyKey(stockholm.goodManifestId), edited);

        WriteOutcome outcome = store.rebindActive(STOCKHOLM, probe.lastKnownGood().orElseThrow(),
                probe.active().orElseThrow().etag());

        assertThat(outcome).isInstanceOf(WriteOutcome.Failed.class);
        assertThat(((WriteOutcome.Failed) outcome).detail()).contains(probe.lastKnownGood().orElseThrow().manifestSha256());
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.badManifest);
    }

    @Test
    void rebindWritesTheProbedBytesFromHistoryWhenLastKnownGoodWasEditedSinceTheProbe() {
        Probe probe = store.probe(STOCKHOLM);
        stockholm.overwrite(stockholm.lastKnownGoodKey(), stockholm.badManifest);

        WriteOutcome outcome = store.rebindActive(STOCKHOLM, probe.lastKnownGood().orElseThrow(),
                probe.active().orElseThrow().etag());

        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        assertThat(stockholm.read(stockholm.activeKey())).isEqualTo(stockholm.goodManifest);
    }

    @Test
    void rebindRefusesAManifestOfAnotherScope() {
        StoredManifest lastKnownGood = store.probe(STOCKHOLM).lastKnownGood().orElseThrow();

        WriteOutcome outcome = store.rebindActive(Scope.parse("locality/se-uppsala"), lastKnownGood, null);

        assertThat(outcome).isInstanceOf(WriteOutcome.Failed.class);
        assertThat(((WriteOutcome.Failed) outcome).detail()).contains("declares scope locality/se-stockholm");
    }

    @Test
    void historicalReadsAPublishedManifestAndFindsNothingForAnUnknownId() {
        assertThat(store.historical(STOCKHOLM, stockholm.badManifestId))
                .hasValueSatisfying(manifest -> assertThat(manifest.packSha256()).isEqualTo(ManifestJson.sha256Hex(stockholm.badPack)));
        assertThat(store.historical(STOCKHOLM, "se-stockholm-v99")).isEmpty();
        assertThat(store.historical(STOCKHOLM, "../active")).isEmpty();
    }

    @Test
    void unreachableStorageComesBackAsFailuresNotExceptions() throws IOException {
        S3Settings unreachable = new S3Settings(URI.create("http://127.0.0.1:" + closedPort()), "us-east-1", BUCKET, "prod",
                "test-access-key", "test-secret-key").withCallTimeout(Duration.ofSeconds(2));
        StoredManifest lastKnownGood = store.probe(STOCKHOLM).lastKnownGood().orElseThrow();

        try (S3ManifestStore offline = new S3ManifestStore(unreachable)) {
            Probe probe = offline.probe(STOCKHOLM);
            assertThat(probe.failed()).isTrue();
            assertThat(probe.failure()).contains("s3://" + BUCKET + "/prod/manifests/locality/se-stockholm/active.json");

            assertThat(offline.rebindActive(STOCKHOLM, lastKnownGood, lastKnownGood.etag()))
                    .isInstanceOf(WriteOutcome.Failed.class);
            assertThat(offline.readBack(STOCKHOLM).failed()).isTrue();
            assertThat(offline.historical(STOCKHOLM, stockholm.goodManifestId)).isEmpty();
        }
    }

    @Test
    void aWrongSecretComesBackAsFailureNotException() {
        S3Settings wrongSecret = new S3Settings(s3proxy.getUri(), "us-east-1", BUCKET, "prod",
                "test-access-key", "not-the-secret");

        try (S3ManifestStore refused = new S3ManifestStore(wrongSecret)) {
            Probe probe = refused.probe(STOCKHOLM);

            assertThat(probe.failed()).isTrue();
            assertThat(probe.failure()).contains("HTTP 403").doesNotContain("not-the-secret");
        }
    }

    /** A loopback port nothing listens on: connections are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
