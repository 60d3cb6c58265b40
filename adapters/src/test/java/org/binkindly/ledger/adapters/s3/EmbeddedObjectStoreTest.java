package org.binkindly.ledger.adapters.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedObjectStoreTest {

    @TempDir
    Path directory;

    @Test
    void servesOnAFreeLoopbackPortWithTheBucketReady() {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(directory.resolve("objects"), "ledger");
             S3Client s3 = S3Clients.create(store.settings(""))) {

            assertThat(store.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(store.endpoint().getPort()).isPositive();
            assertThat(s3.listBuckets().buckets()).extracting(bucket -> bucket.name()).containsExactly("ledger");
        }
    }

    @Test
    void keepsObjectsInItsDirectoryAcrossRestarts() {
        byte[] anchor = "{\"chainHead\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(directory, "ledger");
             S3Client s3 = S3Clients.create(store.settings(""))) {
            s3.putObject(put -> put.bucket("ledger").key("audit/anchor.json"), RequestBody.fromBytes(anchor));
        }

        try (EmbeddedObjectStore restarted = EmbeddedObjectStore.start(directory, "ledger");
             S3Client s3 = S3Clients.create(restarted.settings(""))) {
            assertThat(s3.getObjectAsBytes(get -> get.bucket("ledger").key("audit/anchor.json")).asByteArray())
                    .isEqualTo(anchor);
        }
    }

    @Test
    void refusesAWriteWhoseBytesDoNotMatchTheirDeclaredSha256() {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(directory, "ledger");
             S3Client s3 = S3Clients.create(store.settings(""))) {
            String shaOfOtherBytes = Base64.getEncoder().encodeToString(
                    ManifestJson.sha256().digest("other bytes".getBytes(StandardCharsets.UTF_8)));

            // s3proxy answers 400 from the headers alone and may close the connection before the body is
            // through, so the client sees either the 400 or a cut upload; what matters is nothing was stored.
            assertThatThrownBy(() -> s3.putObject(put -> put.bucket("ledger").key("manifest.json").checksumSHA256(shaOfOtherBytes),
                    RequestBody.fromString("these bytes")))
                    .isInstanceOf(SdkException.class);
            assertThatThrownBy(() -> s3.headObject(head -> head.bucket("ledger").key("manifest.json")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
    }

    @Test
    void refusesAConditionalWriteAgainstAnOutdatedEtag() {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(directory, "ledger");
             S3Client s3 = S3Clients.create(store.settings(""))) {
            String firstEtag = s3.putObject(put -> put.bucket("ledger").key("active.json"), RequestBody.fromString("one")).eTag();
            s3.putObject(put -> put.bucket("ledger").key("active.json").ifMatch(firstEtag), RequestBody.fromString("two"));

            // 412 from the headers alone, or a cut upload when s3proxy closes before the body is through.
            assertThatThrownBy(() -> s3.putObject(put -> put.bucket("ledger").key("active.json").ifMatch(firstEtag),
                    RequestBody.fromString("three")))
                    .isInstanceOf(SdkException.class);
            assertThat(s3.getObjectAsBytes(get -> get.bucket("ledger").key("active.json")).asUtf8String()).isEqualTo("two");
        }
    }

    @Test
    void refusesRequestsSignedWithOtherCredentials() {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(directory, "ledger");
             S3Client s3 = S3Clients.create(new S3Settings(store.endpoint(), EmbeddedObjectStore.REGION, "ledger", "",
                     EmbeddedObjectStore.ACCESS_KEY_ID, "guessed-secret"))) {

            assertThatThrownBy(() -> s3.listObjectsV2(list -> list.bucket("ledger")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void stopsServingWhenClosed() {
        EmbeddedObjectStore store = EmbeddedObjectStore.start(directory, "ledger");
        S3Settings settings = store.settings("").withCallTimeout(Duration.ofSeconds(2));
        store.close();

        try (S3Client s3 = S3Clients.create(settings)) {
            assertThatThrownBy(() -> s3.listObjectsV2(list -> list.bucket("ledger")))
                    .isInstanceOf(SdkClientException.class);
        }
    }
}
