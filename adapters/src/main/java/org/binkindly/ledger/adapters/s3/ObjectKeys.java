package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.shared.Scope;

/**
 * The object storage layout (docs/operations.md, "Object storage"), under the configured prefix.
 * A manifest's {@code packKey} is relative to the prefix, like every other key, so the same published
 * manifests stay valid when a bucket is mirrored under another prefix.
 */
final class ObjectKeys {

    private final String prefix;

    ObjectKeys(String prefix) {
        this.prefix = prefix;
    }

    String active(Scope scope) {
        return manifests(scope) + "active.json";
    }

    String lastKnownGood(Scope scope) {
        return manifests(scope) + "last-known-good.json";
    }

    String history(Scope scope, String manifestId) {
        return manifests(scope) + "history/" + manifestId + ".json";
    }

    String pack(String packKey) {
        return prefix + packKey;
    }

    static String packKey(Scope scope, String packId) {
        return "packs/" + scope.kind().pathSegment() + "/" + scope.id() + "/" + packId + ".json";
    }

    private String manifests(Scope scope) {
        return prefix + "manifests/" + scope.kind().pathSegment() + "/" + scope.id() + "/";
    }
}
