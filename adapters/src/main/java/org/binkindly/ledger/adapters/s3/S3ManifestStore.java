package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@link ManifestStore} on any S3-compatible object store (AWS S3, Cloudflare R2, MinIO, s3proxy).
 * Storage trouble comes back inside the results, never as an exception, so the process manager
 * driving a rebind can record every outcome as an event.
 */
public final class S3ManifestStore implements ManifestStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3ManifestStore.class);

    private final S3Client s3;
    private final String bucket;
    private final ObjectKeys keys;
    /** False for a rehearsal view, which shares its parent's client. */
    private final boolean ownsClient;

    public S3ManifestStore(S3Settings settings) {
        this(S3Clients.create(settings), settings.bucket(), new ObjectKeys(settings.prefix()), true);
    }

    private S3ManifestStore(S3Client s3, String bucket, ObjectKeys keys, boolean ownsClient) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
        this.ownsClient = ownsClient;
    }

    @Override
    public ManifestStore rehearsal(String rehearsalId) {
        return new S3ManifestStore(s3, bucket, keys.rehearsal(rehearsalId), false);
    }

    @Override
    public Probe probe(Scope scope) {
        List<String> failures = new ArrayList<>();
        if (keys.isRehearsal()) {
            try {
                copyActiveForRehearsal(scope);
            } catch (StorageTrouble e) {
                return new Probe(Optional.empty(), Optional.empty(), "the rehearsal copy of the active manifest could not be made: "
                        + e.getMessage());
            }
        }
        Optional<StoredManifest> active = Optional.empty();
        Optional<StoredManifest> lastKnownGood = Optional.empty();
        try {
            active = readManifest(scope, keys.active(scope));
        } catch (StorageTrouble e) {
            failures.add(e.getMessage());
        }
        try {
            lastKnownGood = readManifest(scope, keys.lastKnownGood(scope));
        } catch (StorageTrouble e) {
            failures.add(e.getMessage());
        }
        return new Probe(active, lastKnownGood, failures.isEmpty() ? null : String.join("; ", failures));
    }

    @Override
    public Optional<StoredManifest> historical(Scope scope, String manifestId) {
        if (!isSafeKeySegment(manifestId)) {
            return Optional.empty();
        }
        try {
            Optional<StoredManifest> manifest = readManifest(scope, keys.history(scope, manifestId));
            if (manifest.isPresent() && !manifest.get().manifestId().equals(manifestId)) {
                throw new StorageTrouble("%s declares manifestId '%s'".formatted(
                        location(keys.history(scope, manifestId)), manifest.get().manifestId()));
            }
            return manifest;
        } catch (StorageTrouble e) {
            // The port's answer has no room for a failure; the log keeps the reason it came back empty.
            log.warn("manifest {} of {} could not be read: {}", manifestId, scope, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public WriteOutcome rebindActive(Scope scope, StoredManifest target, String expectedActiveEtag) {
        return writeActive(scope, target, expectedActiveEtag);
    }

    @Override
    public WriteOutcome restoreActive(Scope scope, StoredManifest previous, String expectedActiveEtag) {
        if (expectedActiveEtag == null) {
            return new WriteOutcome.Failed("the ETag of the write to undo is required; nothing was restored");
        }
        return writeActive(scope, previous, expectedActiveEtag);
    }

    @Override
    public PackCheck checkPack(Scope scope, StoredManifest manifest) {
        String packKey = keys.pack(manifest.packKey());
        try {
            PackHash hash = hashPack(packKey, manifest.manifestId());
            return new PackCheck(hash.sha256(), hash.bytes(), null);
        } catch (StorageTrouble e) {
            return new PackCheck(null, 0, e.getMessage());
        }
    }

    private WriteOutcome writeActive(Scope scope, StoredManifest target, String expectedActiveEtag) {
        if (!scope.equals(target.scope())) {
            return new WriteOutcome.Failed("manifest %s declares scope %s; it cannot become the active manifest of %s"
                    .formatted(target.manifestId(), target.scope(), scope));
        }
        byte[] approvedBytes;
        try {
            approvedBytes = bytesHashingTo(scope, target);
        } catch (StorageTrouble e) {
            return new WriteOutcome.Failed(e.getMessage());
        }
        if (approvedBytes == null) {
            return new WriteOutcome.Failed(("no stored copy of manifest %s still has SHA-256 %s (checked %s and %s); "
                    + "refusing to activate bytes nobody probed").formatted(target.manifestId(), target.manifestSha256(),
                    location(keys.history(scope, target.manifestId())), location(keys.lastKnownGood(scope))));
        }

        String activeKey = keys.active(scope);
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(activeKey)
                .contentType("application/json")
                // Storage refuses the write if the bytes it receives are not the ones hashed here.
                .checksumSHA256(Base64.getEncoder().encodeToString(ManifestJson.sha256().digest(approvedBytes)));
        if (expectedActiveEtag == null) {
            put.ifNoneMatch("*");
        } else {
            put.ifMatch(expectedActiveEtag);
        }
        try {
            PutObjectResponse written = s3.putObject(put.build(), RequestBody.fromBytes(approvedBytes));
            return new WriteOutcome.Written(written.eTag(), written.versionId());
        } catch (S3Exception e) {
            if (isLostRace(e)) {
                return settleUncertainWrite(scope, target, expectedActiveEtag, true,
                        "storage answered " + describe(e));
            }
            if (e.statusCode() < 500) {
                return new WriteOutcome.Failed("writing %s was refused: %s".formatted(location(activeKey), describe(e)));
            }
            return settleUncertainWrite(scope, target, expectedActiveEtag, false,
                    "writing %s failed: %s".formatted(location(activeKey), describe(e)));
        } catch (SdkException e) {
            return settleUncertainWrite(scope, target, expectedActiveEtag, false,
                    "writing %s failed: %s".formatted(location(activeKey), describe(e)));
        }
    }

    /**
     * Decides what a write that did not come back with a clean answer did, from what active.json holds now.
     * A retried attempt meets the ETag its own first attempt produced (412), and a server that refuses a
     * precondition before reading the body can cut the connection mid-upload: neither may be mistaken
     * for "nothing written" or for somebody else's change.
     */
    private WriteOutcome settleUncertainWrite(Scope scope, StoredManifest target, String expectedActiveEtag,
                                              boolean storageReportedConflict, String whatHappened) {
        String activeKey = keys.active(scope);
        String conflict = (expectedActiveEtag == null
                ? "%s appeared since it was probed as absent"
                : "%s no longer has ETag " + expectedActiveEtag + "; somebody else changed it since it was probed")
                .formatted(location(activeKey)) + " (" + whatHappened + ")";
        Optional<StoredObject> now;
        try {
            now = readObject(activeKey);
        } catch (StorageTrouble e) {
            return storageReportedConflict
                    ? new WriteOutcome.Conflict(conflict)
                    : new WriteOutcome.Failed(whatHappened + "; re-reading it to see whether it was written failed too: " + e.getMessage());
        }
        if (now.isPresent() && ManifestJson.sha256Hex(now.get().bytes()).equals(target.manifestSha256())) {
            // Already the target's exact bytes: the rebind this call asked for is in place.
            return new WriteOutcome.Written(now.get().etag(), now.get().versionId());
        }
        boolean changedSinceProbe = expectedActiveEtag == null
                ? now.isPresent()
                : now.map(object -> !expectedActiveEtag.equals(object.etag())).orElse(true);
        if (storageReportedConflict || changedSinceProbe) {
            return new WriteOutcome.Conflict(conflict);
        }
        return new WriteOutcome.Failed(whatHappened);
    }

    @Override
    public Readback readBack(Scope scope) {
        Optional<StoredManifest> active;
        try {
            active = readManifest(scope, keys.active(scope));
        } catch (StorageTrouble e) {
            return new Readback(Optional.empty(), null, 0, e.getMessage());
        }
        if (active.isEmpty()) {
            return new Readback(Optional.empty(), null, 0, "there is no active manifest at " + location(keys.active(scope)));
        }
        String packKey = keys.pack(active.get().packKey());
        try {
            PackHash hash = hashPack(packKey, active.get().manifestId());
            return new Readback(active, hash.sha256(), hash.bytes(), null);
        } catch (StorageTrouble e) {
            return new Readback(active, null, 0, e.getMessage());
        }
    }

    /** Streams the pack's bytes through SHA-256; a missing or unreadable pack is trouble to report. */
    private PackHash hashPack(String packKey, String manifestId) throws StorageTrouble {
        try (ResponseInputStream<GetObjectResponse> pack = s3.getObject(get -> get.bucket(bucket).key(packKey))) {
            MessageDigest sha256 = ManifestJson.sha256();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int read = pack.read(buffer); read >= 0; read = pack.read(buffer)) {
                sha256.update(buffer, 0, read);
                size += read;
            }
            return new PackHash(HexFormat.of().formatHex(sha256.digest()), size);
        } catch (S3Exception e) {
            throw new StorageTrouble(isMissingObject(e)
                    ? "the pack %s named by manifest %s is missing".formatted(location(packKey), manifestId)
                    : "reading the pack %s failed: %s".formatted(location(packKey), describe(e)));
        } catch (SdkException | IOException e) {
            throw new StorageTrouble("reading the pack %s failed: %s".formatted(location(packKey), describe(e)));
        }
    }

    private record PackHash(String sha256, long bytes) {
    }

    /**
     * Copies the scope's real active manifest, byte for byte, to the rehearsal's own key, once: a copy already
     * there (a probe repeated after a crash) is the one the drill goes on with. No real active manifest: no copy.
     */
    private void copyActiveForRehearsal(Scope scope) throws StorageTrouble {
        String copyKey = keys.active(scope);
        if (readObject(copyKey).isPresent()) {
            return;
        }
        Optional<StoredObject> real = readObject(keys.productionActive(scope));
        if (real.isEmpty()) {
            return;
        }
        try {
            s3.putObject(put -> put.bucket(bucket).key(copyKey).contentType("application/json").ifNoneMatch("*")
                            .checksumSHA256(Base64.getEncoder().encodeToString(ManifestJson.sha256().digest(real.get().bytes()))),
                    RequestBody.fromBytes(real.get().bytes()));
        } catch (S3Exception e) {
            if (!isLostRace(e)) {
                throw new StorageTrouble("writing the rehearsal copy %s failed: %s".formatted(location(copyKey), describe(e)));
            }
            // another attempt made the copy meanwhile: it is the same bytes
        } catch (SdkException e) {
            throw new StorageTrouble("writing the rehearsal copy %s failed: %s".formatted(location(copyKey), describe(e)));
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    /** The target's exact bytes, from its immutable history entry or else from last-known-good.json; null if neither still hashes to it. */
    private byte[] bytesHashingTo(Scope scope, StoredManifest target) throws StorageTrouble {
        List<String> candidates = new ArrayList<>();
        if (isSafeKeySegment(target.manifestId())) {
            candidates.add(keys.history(scope, target.manifestId()));
        }
        candidates.add(keys.lastKnownGood(scope));
        for (String key : candidates) {
            Optional<byte[]> bytes = readObject(key).map(StoredObject::bytes);
            if (bytes.isPresent() && ManifestJson.sha256Hex(bytes.get()).equals(target.manifestSha256())) {
                return bytes.get();
            }
        }
        return null;
    }

    private Optional<StoredManifest> readManifest(Scope scope, String key) throws StorageTrouble {
        Optional<StoredObject> object = readObject(key);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        StoredManifest manifest;
        try {
            manifest = ManifestJson.parse(object.get().bytes(), object.get().etag());
        } catch (ManifestJson.UnreadableManifest e) {
            throw new StorageTrouble("the manifest at %s %s".formatted(location(key), e.getMessage()));
        }
        // A manifest filed under the wrong scope would send a rebind somewhere nobody reviewed.
        if (!manifest.scope().equals(scope)) {
            throw new StorageTrouble("the manifest at %s declares scope %s".formatted(location(key), manifest.scope()));
        }
        return Optional.of(manifest);
    }

    private Optional<StoredObject> readObject(String key) throws StorageTrouble {
        try {
            var object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key));
            return Optional.of(new StoredObject(object.asByteArray(), object.response().eTag(), object.response().versionId()));
        } catch (S3Exception e) {
            if (isMissingObject(e)) {
                return Optional.empty();
            }
            throw new StorageTrouble("reading %s failed: %s".formatted(location(key), describe(e)));
        } catch (SdkException e) {
            throw new StorageTrouble("reading %s failed: %s".formatted(location(key), describe(e)));
        }
    }

    private static boolean isMissingObject(S3Exception e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        // A missing bucket is a misconfiguration to report, not an absent manifest.
        return e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e));
    }

    private static boolean isLostRace(S3Exception e) {
        // 409 ConditionalRequestConflict: AWS's answer when another conditional write to the key is in flight.
        return e.statusCode() == 412 || (e.statusCode() == 409 && "ConditionalRequestConflict".equals(errorCode(e)));
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String describe(Exception e) {
        if (e instanceof S3Exception s3e) {
            String code = errorCode(s3e);
            return "HTTP %d%s".formatted(s3e.statusCode(), code == null ? "" : " " + code);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean isSafeKeySegment(String manifestId) {
        return manifestId != null && !manifestId.isBlank() && !manifestId.contains("/") && !manifestId.contains("\\")
                && !manifestId.equals(".") && !manifestId.equals("..");
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private record StoredObject(byte[] bytes, String etag, String versionId) {
    }

    private static final class StorageTrouble extends Exception {
        StorageTrouble(String message) {
            super(message);
        }
    }
}
