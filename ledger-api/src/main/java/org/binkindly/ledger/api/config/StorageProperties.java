package org.binkindly.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Object storage for manifests and packs ({@code ledger.storage.*}). With no endpoint and no
 * bucket configured the ledger runs its own S3-compatible store under the data directory, seeded
 * with a sample scope, so a rebind drill works on a fresh machine.
 *
 * @param endpoint        S3 endpoint (R2: {@code https://<account>.r2.cloudflarestorage.com}); empty for the embedded store
 * @param region          {@code auto} for R2, {@code us-east-1} for MinIO
 * @param bucket          the bucket holding {@code manifests/} and {@code packs/}
 * @param prefix          key prefix inside the bucket, may be empty
 * @param accessKeyId     credentials; both empty to use the SDK's default credential chain
 * @param secretAccessKey never logged
 * @param pathStyle       bucket in the path, as R2 and MinIO accept
 * @param callTimeout     upper bound for one storage call
 */
@ConfigurationProperties(prefix = "ledger.storage")
public record StorageProperties(URI endpoint, @DefaultValue("us-east-1") String region, String bucket,
                                @DefaultValue("") String prefix, String accessKeyId, String secretAccessKey,
                                @DefaultValue("true") boolean pathStyle, @DefaultValue("10s") Duration callTimeout) {

    @Override
    public String toString() {
        return "StorageProperties[endpoint=%s, region=%s, bucket=%s, prefix=%s, accessKeyId=%s, secretAccessKey=%s]"
                .formatted(endpoint, region, bucket, prefix, accessKeyId, secretAccessKey == null ? null : "(redacted)");
    }
}
