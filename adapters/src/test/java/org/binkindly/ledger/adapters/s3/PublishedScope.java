package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.shared.Scope;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A scope as a publishing pipeline leaves it after a bad release: pack v1 (good) is the last known
 * good, pack v2 (bad) is active, and both manifests are in history. Tests then change storage
 * behind the store's back through {@link #overwrite} and {@link #delete}, as another writer would.
 */
final class PublishedScope {

    final Scope scope;
    final String goodManifestId;
    final String badManifestId;
    final byte[] goodPack;
    final byte[] badPack;
    final byte[] goodManifest;
    final byte[] badManifest;

    private final S3Client s3;
    private final String bucket;
    private final ObjectKeys keys;

    private PublishedScope(S3Client s3, S3Settings settings, Scope scope) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.keys = new ObjectKeys(settings.prefix());
        this.scope = scope;
        this.goodManifestId = scope.id() + "-v1";
        this.badManifestId = scope.id() + "-v2";
        this.goodPack = ("{\"packId\":\"" + goodManifestId + "\",\"rules\":[\"collect on tuesday\"]}").getBytes(StandardCharsets.UTF_8);
        this.badPack = ("{\"packId\":\"" + badManifestId + "\",\"rules\":[]}").getBytes(StandardCharsets.UTF_8);
        this.goodManifest = manifest(goodManifestId, goodPack, Instant.parse("2026-11-01T08:00:00Z"));
        this.badManifest = manifest(badManifestId, badPack, Instant.parse("2026-11-20T08:00:00Z"));
    }

    static PublishedScope publish(S3Client s3, S3Settings settings, Scope scope) {
        PublishedScope published = new PublishedScope(s3, settings, scope);
        published.overwrite(published.goodPackKey(), published.goodPack);
        published.overwrite(published.badPackKey(), published.badPack);
        published.overwrite(published.historyKey(published.goodManifestId), published.goodManifest);
        published.overwrite(published.historyKey(published.badManifestId), published.badManifest);
        published.overwrite(published.activeKey(), published.badManifest);
        published.overwrite(published.lastKnownGoodKey(), published.goodManifest);
        return published;
    }

    /** Manifest bytes for another release of this scope, pointing at {@code pack}. */
    byte[] manifest(String manifestId, byte[] pack, Instant publishedAt) {
        return ManifestJson.write(manifestId, scope, ObjectKeys.packKey(scope, manifestId),
                ManifestJson.sha256Hex(pack), publishedAt);
    }

    String activeKey() {
        return keys.active(scope);
    }

    String lastKnownGoodKey() {
        return keys.lastKnownGood(scope);
    }

    String historyKey(String manifestId) {
        return keys.history(scope, manifestId);
    }

    String goodPackKey() {
        return keys.pack(ObjectKeys.packKey(scope, goodManifestId));
    }

    String badPackKey() {
        return keys.pack(ObjectKeys.packKey(scope, badManifestId));
    }

    void overwrite(String key, byte[] bytes) {
        s3.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    void delete(String key) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(key));
    }

    byte[] read(String key) {
        return s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
    }

    String etagOf(String key) {
        return s3.headObject(head -> head.bucket(bucket).key(key)).eTag();
    }
}
