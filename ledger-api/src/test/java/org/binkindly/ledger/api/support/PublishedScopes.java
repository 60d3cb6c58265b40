package org.binkindly.ledger.api.support;

import org.binkindly.ledger.adapters.s3.S3Clients;
import org.binkindly.ledger.adapters.s3.S3Settings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Puts scopes into real S3-compatible storage the way BinKindly's publishing pipeline leaves them
 * after a bad release: pack v1 is the last known good, pack v2 (bad) is active, both manifests in
 * history. Tests then change storage behind the ledger's back, as another writer would.
 */
public final class PublishedScopes implements AutoCloseable {

    private final S3Client s3;
    private final S3Settings settings;

    public PublishedScopes(S3Settings settings) {
        this.settings = settings;
        this.s3 = S3Clients.create(settings);
    }

    public record Published(String scope, String goodManifestId, String badManifestId, byte[] goodManifest,
                            byte[] badManifest, String goodPackKey, String goodPackSha256) {
    }

    /** A fresh locality scope with LKG v1 and a bad active v2; {@code withLastKnownGood} false leaves LKG out. */
    public Published publish(boolean withLastKnownGood) {
        String id = "drill-" + UUID.randomUUID().toString().substring(0, 8);
        String scope = "locality/" + id;
        byte[] goodPack = ("{\"packId\":\"" + id + "-v1\",\"rules\":[\"paper on tuesday\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] badPack = ("{\"packId\":\"" + id + "-v2\",\"rules\":[]}").getBytes(StandardCharsets.UTF_8);
        String goodPackKey = "packs/locality/" + id + "/" + id + "-v1.json";
        String badPackKey = "packs/locality/" + id + "/" + id + "-v2.json";
        byte[] good = manifest(id + "-v1", scope, goodPackKey, sha256(goodPack), "2026-11-01T06:00:00Z");
        byte[] bad = manifest(id + "-v2", scope, badPackKey, sha256(badPack), "2026-11-26T06:00:00Z");
        put(goodPackKey, goodPack);
        put(badPackKey, badPack);
        put(manifests(scope) + "history/" + id + "-v1.json", good);
        put(manifests(scope) + "history/" + id + "-v2.json", bad);
        put(manifests(scope) + "active.json", bad);
        if (withLastKnownGood) {
            put(manifests(scope) + "last-known-good.json", good);
        }
        return new Published(scope, id + "-v1", id + "-v2", good, bad, goodPackKey, sha256(goodPack));
    }

    /** Another writer changes an object (a pack after publish, or the active manifest). */
    public void overwrite(String key, byte[] bytes) {
        put(key, bytes);
    }

    public byte[] read(String key) {
        return s3.getObjectAsBytes(get -> get.bucket(settings.bucket()).key(key.startsWith(settings.prefix()) ? key : settings.prefix() + key))
                .asByteArray();
    }

    public byte[] activeManifest(String scope) {
        return s3.getObjectAsBytes(get -> get.bucket(settings.bucket()).key(manifests(scope) + "active.json")).asByteArray();
    }

    public String activeEtag(String scope) {
        return s3.headObject(head -> head.bucket(settings.bucket()).key(manifests(scope) + "active.json")).eTag();
    }

    public String activeKey(String scope) {
        return manifests(scope) + "active.json";
    }

    private String manifests(String scope) {
        return settings.prefix() + "manifests/" + scope + "/";
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(put -> put.bucket(settings.bucket()).key(key.startsWith(settings.prefix()) ? key : settings.prefix() + key),
                RequestBody.fromBytes(bytes));
    }

    private static byte[] manifest(String manifestId, String scope, String packKey, String packSha256, String publishedAt) {
        return ("{\"manifestId\":\"%s\",\"scope\":\"%s\",\"packKey\":\"%s\",\"packSha256\":\"%s\",\"publishedAt\":\"%s\"}"
                .formatted(manifestId, scope, packKey, packSha256, publishedAt)).getBytes(StandardCharsets.UTF_8);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
