package org.binkindly.ledger.api.support;

import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3Clients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/** Publishes a pack and makes it a scope's active manifest in the ledger's embedded object store, as the pipeline would. */
public final class ObjectStorePublisher {

    private final EmbeddedObjectStore store;

    public ObjectStorePublisher(EmbeddedObjectStore store) {
        this.store = store;
    }

    public void publish(String scope, String manifestId, Instant publishedAt) {
        byte[] pack = ("{\"packId\":\"" + manifestId + "\",\"scope\":\"" + scope + "\"}").getBytes(StandardCharsets.UTF_8);
        String packKey = "packs/" + scope + "/" + manifestId + ".json";
        String manifest = """
                {"manifestId":"%s","scope":"%s","packKey":"%s","packSha256":"%s","publishedAt":"%s"}"""
                .formatted(manifestId, scope, packKey, sha256(pack), publishedAt);
        try (S3Client s3 = S3Clients.create(store.settings(""))) {
            s3.putObject(put -> put.bucket(store.bucket()).key(packKey), RequestBody.fromBytes(pack));
            byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
            s3.putObject(put -> put.bucket(store.bucket()).key("manifests/" + scope + "/history/" + manifestId + ".json"),
                    RequestBody.fromBytes(bytes));
            s3.putObject(put -> put.bucket(store.bucket()).key("manifests/" + scope + "/active.json"), RequestBody.fromBytes(bytes));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
