package org.binkindly.ledger.adapters.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An S3-compatible object store running inside the ledger's own process (s3proxy), keeping its
 * objects in a local directory: the zero-install default, so a fresh machine can walk a rebind
 * drill without R2, MinIO or AWS. It listens on 127.0.0.1 only, on a free port, and the ledger
 * talks to it through the same {@link S3ManifestStore} it uses in production.
 */
public final class EmbeddedObjectStore implements AutoCloseable {

    /** Fixed, because only processes on this machine can reach the store and they need no setup to do so. */
    public static final String ACCESS_KEY_ID = "ledger-local";
    public static final String SECRET_ACCESS_KEY = "ledger-local-secret";
    public static final String REGION = "us-east-1";

    private final S3Proxy server;
    private final BlobStore blobs;
    private final URI endpoint;
    private final String bucket;
    private final Path directory;

    private EmbeddedObjectStore(S3Proxy server, BlobStore blobs, URI endpoint, String bucket, Path directory) {
        this.server = server;
        this.blobs = blobs;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.directory = directory;
    }

    /** Starts serving the objects under {@code directory} (created if missing), with {@code bucket} ready to use. */
    public static EmbeddedObjectStore start(Path directory, String bucket) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store directory " + root, e);
        }
        BlobStore blobs = new FilesystemNio2BlobStore(root.toString());
        if (!blobs.containerExists(bucket)) {
            blobs.createContainer(bucket);
        }
        S3Proxy server = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                // Its only clients live in this process and are going down with it; s3proxy's default
                // 30 s of graceful stop held every close up by seconds for no request in flight.
                .stopTimeout(0)
                .build();
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server, e);
            blobs.close();
            throw new IllegalStateException("the embedded object store could not start on 127.0.0.1", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        return new EmbeddedObjectStore(server, blobs, endpoint, bucket, root);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    public Path directory() {
        return directory;
    }

    /** Whether {@code key} is stored in this store's bucket, read from its directory (no S3 request). */
    public boolean holds(String key) {
        return blobs.blobExists(bucket, key);
    }

    /**
     * Stores the JSON {@code bytes} under {@code key} unless something is stored there already,
     * in-process (no S3 request): for the ledger's own set-up while it starts the store.
     */
    public void putIfAbsent(String key, byte[] bytes) {
        if (!holds(key)) {
            blobs.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json")
                    .contentLength((long) bytes.length).build(), new ByteArrayInputStream(bytes));
        }
    }

    /** Settings for reaching this store, with every key under {@code prefix}. */
    public S3Settings settings(String prefix) {
        return new S3Settings(endpoint, REGION, bucket, prefix, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded object store at " + endpoint + " did not stop cleanly", e);
        } finally {
            blobs.close();
        }
    }

    private static void stopQuietly(S3Proxy server, Exception cause) {
        try {
            server.stop();
        } catch (Exception stopFailure) {
            cause.addSuppressed(stopFailure);
        }
    }
}
