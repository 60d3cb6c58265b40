package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A sample scope, {@code locality/sample-town}, published the way a real pipeline would: a good
 * pack v1 that is the last known good, and a bad pack v2 that is active. An operator on a fresh
 * machine can walk the whole rebind drill against it (probe, rebind to v1, read back).
 */
public final class SampleScope {

    public static final Scope SCOPE = Scope.of(ScopeKind.LOCALITY, "sample-town");
    public static final String GOOD_MANIFEST_ID = "sample-town-v1";
    public static final String BAD_MANIFEST_ID = "sample-town-v2";

    static final byte[] GOOD_PACK = """
            {
              "packId" : "sample-town-v1",
              "scope" : "locality/sample-town",
              "note" : "sample pack: the last release that served correctly",
              "collections" : [
                { "stream" : "general", "weekday" : "TUESDAY", "everyWeeks" : 1 },
                { "stream" : "recycling", "weekday" : "FRIDAY", "everyWeeks" : 2 }
              ]
            }
            """.getBytes(StandardCharsets.UTF_8);

    static final byte[] BAD_PACK = """
            {
              "packId" : "sample-town-v2",
              "scope" : "locality/sample-town",
              "note" : "sample pack: a broken release (no collection days) that the drill rolls back",
              "collections" : [ ]
            }
            """.getBytes(StandardCharsets.UTF_8);

    // Fixed times keep the seeded bytes identical on every machine and every run.
    private static final Instant GOOD_PUBLISHED_AT = Instant.parse("2026-01-05T09:00:00Z");
    private static final Instant BAD_PUBLISHED_AT = Instant.parse("2026-01-12T09:00:00Z");

    private SampleScope() {
    }

    /** Seeds the sample scope unless its last known good manifest exists already; true if anything was seeded. */
    public static boolean seed(S3Settings settings) {
        try (S3Client s3 = S3Clients.create(settings)) {
            return seed(s3, settings);
        }
    }

    /**
     * As {@link #seed(S3Settings)} into the embedded store, under {@code prefix}, written and checked
     * in-process through the store's directory: no S3 call at start, whose first call (the SDK's
     * set-up, a 10 s call time-out) failed starts on a loaded machine (docs/performance.md, P7).
     * Nothing else writes to the store while the ledger starts it.
     */
    public static boolean seed(EmbeddedObjectStore store, String prefix) {
        return seed(new ObjectKeys(prefix), store::holds, store::putIfAbsent);
    }

    /**
     * As {@link #seed(S3Settings)}, with a client the caller owns. Storage trouble is thrown
     * ({@link software.amazon.awssdk.core.exception.SdkException}): seeding is a setup step, not a recorded outcome.
     */
    public static boolean seed(S3Client s3, S3Settings settings) {
        return seed(new ObjectKeys(settings.prefix()), key -> exists(s3, settings.bucket(), key),
                (key, bytes) -> putIfAbsent(s3, settings.bucket(), key, bytes));
    }

    private static boolean seed(ObjectKeys keys, Predicate<String> exists, BiConsumer<String, byte[]> putIfAbsent) {
        if (exists.test(keys.lastKnownGood(SCOPE))) {
            return false;
        }
        String goodPackKey = ObjectKeys.packKey(SCOPE, GOOD_MANIFEST_ID);
        String badPackKey = ObjectKeys.packKey(SCOPE, BAD_MANIFEST_ID);
        byte[] goodManifest = ManifestJson.write(GOOD_MANIFEST_ID, SCOPE, goodPackKey,
                ManifestJson.sha256Hex(GOOD_PACK), GOOD_PUBLISHED_AT);
        byte[] badManifest = ManifestJson.write(BAD_MANIFEST_ID, SCOPE, badPackKey,
                ManifestJson.sha256Hex(BAD_PACK), BAD_PUBLISHED_AT);

        // Packs before the manifests that name them, last-known-good.json last: it marks the seed as
        // complete, so a seed cut short is finished by the next run instead of being skipped.
        putIfAbsent.accept(keys.pack(goodPackKey), GOOD_PACK);
        putIfAbsent.accept(keys.pack(badPackKey), BAD_PACK);
        putIfAbsent.accept(keys.history(SCOPE, GOOD_MANIFEST_ID), goodManifest);
        putIfAbsent.accept(keys.history(SCOPE, BAD_MANIFEST_ID), badManifest);
        putIfAbsent.accept(keys.active(SCOPE), badManifest);
        putIfAbsent.accept(keys.lastKnownGood(SCOPE), goodManifest);
        return true;
    }

    private static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    // Never overwrites: an object already there (an operator's drill in progress) is left as it is.
    private static void putIfAbsent(S3Client s3, String bucket, String key, byte[] bytes) {
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).contentType("application/json").ifNoneMatch("*"),
                    RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e;
            }
        }
    }
}
