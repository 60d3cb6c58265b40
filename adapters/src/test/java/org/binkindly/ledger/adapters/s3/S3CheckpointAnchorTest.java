package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.CheckpointAnchor;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints kept in a real S3-compatible store (s3proxy, in process). */
class S3CheckpointAnchorTest {

    @TempDir
    Path directory;

    private EmbeddedObjectStore store;
    private S3CheckpointAnchor anchor;
    private S3Client s3;
    private final CheckpointSigner signer = new CheckpointSigner(AuditKeys.generate());

    @BeforeEach
    void start() {
        store = EmbeddedObjectStore.start(directory, "ledger");
        anchor = new S3CheckpointAnchor(store.settings("prod/"));
        s3 = S3Clients.create(store.settings(""));
    }

    @AfterEach
    void stop() {
        s3.close();
        anchor.close();
        store.close();
    }

    @Test
    void aCheckpointIsWrittenUnderItsZeroPaddedPositionAsTheDocumentedJson() {
        Checkpoint checkpoint = checkpoint(42, 40);

        CheckpointAnchor.Outcome outcome = anchor.anchor(checkpoint);

        assertThat(outcome).isEqualTo(new CheckpointAnchor.Outcome.Anchored(
                "s3://ledger/prod/audit/checkpoints/0000000000000000042.json"));
        String stored = s3.getObjectAsBytes(get -> get.bucket("ledger").key("prod/audit/checkpoints/0000000000000000042.json"))
                .asUtf8String();
        assertThat(stored).isEqualTo(("{\"format\":\"binkindly-ledger/checkpoint/1\",\"position\":42,\"count\":40,"
                + "\"head\":\"%s\",\"sealedAt\":\"%s\",\"keyId\":\"%s\",\"signature\":\"%s\"}")
                .formatted(checkpoint.head(), checkpoint.sealedAt(), checkpoint.keyId(), checkpoint.signature()));
    }

    @Test
    void anchoringTheSameCheckpointAgainIsANoOpButADifferentOneIsAConflictAndNothingIsOverwritten() {
        Checkpoint first = checkpoint(7, 7);
        anchor.anchor(first);

        assertThat(anchor.anchor(first)).isInstanceOf(CheckpointAnchor.Outcome.Anchored.class);
        Checkpoint forged = signer.sign(7, 7, "ee".repeat(32), Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(anchor.anchor(forged)).isInstanceOf(CheckpointAnchor.Outcome.Conflict.class);
        assertThat(anchor.anchored().checkpoints()).containsExactly(first);
    }

    @Test
    void theListingComesBackInPositionOrderAndNamesObjectsThatAreNotCheckpoints() {
        anchor.anchor(checkpoint(1000, 990));
        anchor.anchor(checkpoint(9, 9));
        anchor.anchor(checkpoint(120, 118));
        s3.putObject(put -> put.bucket("ledger").key("prod/audit/checkpoints/stray.json"),
                RequestBody.fromString("{\"hello\":1}", StandardCharsets.UTF_8));

        CheckpointAnchor.Listing listing = anchor.anchored();

        assertThat(listing.checkpoints()).extracting(Checkpoint::position).containsExactly(9L, 120L, 1000L);
        assertThat(listing.complete()).isFalse();
        assertThat(listing.failure()).contains("prod/audit/checkpoints/stray.json");
    }

    @Test
    void listingAfterAPositionReadsOnlyTheCheckpointsAnchoredAboveIt() {
        anchor.anchor(checkpoint(9, 9));
        anchor.anchor(checkpoint(120, 118));
        anchor.anchor(checkpoint(1000, 990));

        assertThat(anchor.anchoredAfter(9).checkpoints()).extracting(Checkpoint::position).containsExactly(120L, 1000L);
        assertThat(anchor.anchoredAfter(119).checkpoints()).extracting(Checkpoint::position).containsExactly(120L, 1000L);
        assertThat(anchor.anchoredAfter(1000).checkpoints()).isEmpty();
        assertThat(anchor.anchoredAfter(1000).complete()).isTrue();
        assertThat(anchor.anchoredAfter(0).checkpoints()).extracting(Checkpoint::position).containsExactly(9L, 120L, 1000L);
    }

    @Test
    void unreachableStorageIsAFailureToRetryNotAnException() {
        S3Settings nowhere = new S3Settings(URI.create("http://127.0.0.1:9"), "us-east-1", "ledger", "",
                "k", "s", true, Duration.ofSeconds(2));
        try (S3CheckpointAnchor unreachable = new S3CheckpointAnchor(nowhere)) {
            assertThat(unreachable.anchor(checkpoint(1, 1))).isInstanceOf(CheckpointAnchor.Outcome.Failed.class);
            assertThat(unreachable.anchored().complete()).isFalse();
            assertThat(unreachable.anchoredAfter(1).complete()).isFalse();
        }
    }

    private Checkpoint checkpoint(long position, long count) {
        return signer.sign(position, count, "%064x".formatted(position), Instant.parse("2026-11-27T10:00:00Z"));
    }
}
