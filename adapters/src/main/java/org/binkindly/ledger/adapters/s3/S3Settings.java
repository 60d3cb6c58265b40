package org.binkindly.ledger.adapters.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the manifests live and how to reach them.
 *
 * @param endpoint        the S3-compatible endpoint (R2, MinIO, s3proxy); null for AWS's own endpoint for the region
 * @param region          the signing region ({@code auto} for R2)
 * @param bucket          the bucket holding manifests and packs
 * @param prefix          prepended to every key, e.g. {@code ledger/}; empty for none. A missing trailing
 *                        slash is added so {@code ledger} and {@code ledger/} mean the same folder.
 * @param accessKeyId     static credentials; null together with {@code secretAccessKey} for the SDK's default
 *                        credential chain (environment, profile, instance role)
 * @param secretAccessKey never printed: {@link #toString()} redacts it
 * @param pathStyle       {@code bucket} in the path rather than the host name; what MinIO and s3proxy need
 * @param callTimeout     upper bound for one storage call including retries, so unreachable storage is
 *                        reported promptly instead of holding a rebind open
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix, String accessKeyId,
                         String secretAccessKey, boolean pathStyle, Duration callTimeout) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

    public S3Settings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region is required (use 'auto' for R2, 'us-east-1' for MinIO or s3proxy)");
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is required");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("give both accessKeyId and secretAccessKey, or neither for the default credential chain");
        }
        prefix = normalisedPrefix(prefix);
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive");
        }
    }

    /** Path-style access and the default call timeout: right for R2, MinIO and s3proxy alike. */
    public S3Settings(URI endpoint, String region, String bucket, String prefix, String accessKeyId,
                      String secretAccessKey) {
        this(endpoint, region, bucket, prefix, accessKeyId, secretAccessKey, true, DEFAULT_CALL_TIMEOUT);
    }

    public S3Settings withCallTimeout(Duration timeout) {
        return new S3Settings(endpoint, region, bucket, prefix, accessKeyId, secretAccessKey, pathStyle, timeout);
    }

    private static String normalisedPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    // Settings end up in startup logs and exception messages; the secret must never travel with them.
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + (endpoint == null ? "AWS default" : endpoint)
                + ", region=" + region
                + ", bucket=" + bucket
                + ", prefix=" + prefix
                + ", accessKeyId=" + (accessKeyId == null ? "default chain" : accessKeyId)
                + ", secretAccessKey=" + (secretAccessKey == null ? "default chain" : "<redacted>")
                + ", pathStyle=" + pathStyle
                + ", callTimeout=" + callTimeout + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof S3Settings that
                && Objects.equals(endpoint, that.endpoint) && region.equals(that.region)
                && bucket.equals(that.bucket) && prefix.equals(that.prefix)
                && Objects.equals(accessKeyId, that.accessKeyId)
                && Objects.equals(secretAccessKey, that.secretAccessKey)
                && pathStyle == that.pathStyle && callTimeout.equals(that.callTimeout);
    }

    @Override
    public int hashCode() {
        // The secret is left out so a hash can never be used to confirm a guessed secret.
        return Objects.hash(endpoint, region, bucket, prefix, accessKeyId, pathStyle, callTimeout);
    }
}
