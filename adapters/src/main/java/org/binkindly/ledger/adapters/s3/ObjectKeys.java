package org.binkindly.ledger.adapters.s3;

import org.binkindly.ledger.core.shared.Scope;

/**
 * The object storage layout (docs/operations.md, "Object storage"), under the configured prefix.
 * A manifest's {@code packKey} is relative to the prefix, like every other key, so the same published
 * manifests stay valid when a bucket is mirrored under another prefix.
 */
final class ObjectKeys {

    private final String prefix;
    /** Set for a drill's view of storage: its active manifests live under {@code rehearsals/{id}/}. */
    private final String rehearsalId;

    ObjectKeys(String prefix) {
        this(prefix, null);
    }

    private ObjectKeys(String prefix, String rehearsalId) {
        this.prefix = prefix;
        this.rehearsalId = rehearsalId;
    }

    /** The keys a drill uses: its own copy of each active manifest, the real everything else. */
    ObjectKeys rehearsal(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("a rehearsal id is a safe key segment, not '" + id + "'");
        }
        return new ObjectKeys(prefix, id);
    }

    boolean isRehearsal() {
        return rehearsalId != null;
    }

    /** The real active manifest of the scope, whatever these keys are for. */
    String productionActive(Scope scope) {
        return manifests(scope) + "active.json";
    }

    String active(Scope scope) {
        return rehearsalId == null ? productionActive(scope)
                : prefix + "rehearsals/" + rehearsalId + "/manifests/" + scope.kind().pathSegment() + "/" + scope.id() + "/active.json";
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
