package org.binkindly.ledger.adapters.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.CheckpointAnchor;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps signed checkpoints in the ledger's object storage, one immutable object per checkpoint at
 * {@code audit/checkpoints/{position}.json} under the configured prefix (the position zero-padded
 * to 19 digits, so a listing comes back in position order). Objects are created with
 * {@code If-None-Match: *}: an anchored checkpoint is never overwritten.
 */
public final class S3CheckpointAnchor implements CheckpointAnchor, AutoCloseable {

    public static final String FOLDER = "audit/checkpoints/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final String folder;

    public S3CheckpointAnchor(S3Settings settings) {
        this.s3 = S3Clients.create(settings);
        this.bucket = settings.bucket();
        this.folder = settings.prefix() + FOLDER;
    }

    @Override
    public Outcome anchor(Checkpoint checkpoint) {
        String key = key(checkpoint.position());
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).contentType("application/json").ifNoneMatch("*"),
                    RequestBody.fromBytes(toJson(checkpoint)));
            return new Outcome.Anchored(location(key));
        } catch (S3Exception e) {
            return settle(checkpoint, key, "HTTP %d %s".formatted(e.statusCode(), errorCode(e)));
        } catch (SdkException e) {
            return settle(checkpoint, key, e.getMessage());
        }
    }

    /**
     * Decides what a write without a clean answer did from what the key holds now: a retry meets
     * its own earlier copy (412), and a server refusing the precondition may cut the upload short.
     */
    private Outcome settle(Checkpoint checkpoint, String key, String whatHappened) {
        Checkpoint stored;
        try {
            stored = fromJson(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return new Outcome.Failed("writing %s failed: %s".formatted(location(key), whatHappened));
            }
            return new Outcome.Failed("writing %s failed (%s), and reading it back failed: HTTP %d %s"
                    .formatted(location(key), whatHappened, e.statusCode(), errorCode(e)));
        } catch (SdkException e) {
            return new Outcome.Failed("writing %s failed (%s), and reading it back failed: %s"
                    .formatted(location(key), whatHappened, e.getMessage()));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome.Conflict("%s holds something that is not a checkpoint: %s".formatted(location(key), e.getMessage()));
        }
        return stored.equals(checkpoint)
                ? new Outcome.Anchored(location(key))
                : new Outcome.Conflict("%s already holds a different checkpoint (head %s, count %d)"
                .formatted(location(key), stored.head(), stored.count()));
    }

    @Override
    public Listing anchored() {
        return list(null);
    }

    /** Only the keys after {@code position}'s: their zero-padded names sort in position order. */
    @Override
    public Listing anchoredAfter(long position) {
        return list(key(position));
    }

    private Listing list(String startAfter) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(folder)
                    .startAfter(startAfter).build()).contents()) {
                try {
                    checkpoints.add(fromJson(s3.getObjectAsBytes(get -> get.bucket(bucket).key(object.key())).asByteArray()));
                } catch (IOException | IllegalArgumentException e) {
                    problems.add("%s is not a checkpoint: %s".formatted(location(object.key()), e.getMessage()));
                }
            }
        } catch (SdkException e) {
            problems.add("listing %s failed: %s".formatted(location(folder), e.getMessage()));
        }
        checkpoints.sort(Comparator.comparingLong(Checkpoint::position));
        return new Listing(checkpoints, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /**
     * A checkpoint object exactly as object storage holds it: its file name and its bytes as text.
     *
     * @param name the object's file name
     * @param body the object's bytes as text: the signed checkpoint
     */
    public record StoredObject(String name, String body) {
    }

    /** Every checkpoint object, in key order, byte for byte as stored, for auditors to take away. */
    public StoredListing storedObjects() {
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(folder).build())
                    .contents()) {
                objects.add(new StoredObject(object.key().substring(folder.length()),
                        s3.getObjectAsBytes(get -> get.bucket(bucket).key(object.key())).asUtf8String()));
            }
        } catch (SdkException e) {
            return new StoredListing(objects, "listing %s failed: %s".formatted(location(folder), e.getMessage()));
        }
        objects.sort(Comparator.comparing(StoredObject::name));
        return new StoredListing(objects, null);
    }

    /** {@code failure} is set when storage could not be read in full. */
    public record StoredListing(List<StoredObject> objects, String failure) {
    }

    @Override
    public String location() {
        return location(folder);
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The object body: the checkpoint's fields in a fixed order, as docs/audit.md shows. */
    public static byte[] toJson(Checkpoint checkpoint) {
        ObjectNode node = JSON.createObjectNode()
                .put("format", Checkpoint.TAG)
                .put("position", checkpoint.position())
                .put("count", checkpoint.count())
                .put("head", checkpoint.head())
                .put("sealedAt", checkpoint.sealedAt())
                .put("keyId", checkpoint.keyId())
                .put("signature", checkpoint.signature());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Checkpoint fromJson(byte[] body) throws IOException {
        JsonNode node = JSON.readTree(body);
        if (node == null || !Checkpoint.TAG.equals(node.path("format").asText())) {
            throw new IllegalArgumentException("format is not " + Checkpoint.TAG);
        }
        return new Checkpoint(node.path("position").asLong(), node.path("count").asLong(), node.path("head").asText(),
                node.path("sealedAt").asText(), node.path("keyId").asText(), node.path("signature").asText());
    }

    String key(long position) {
        return folder + "%019d.json".formatted(position);
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    }
}
